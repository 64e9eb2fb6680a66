"""accord: what does a climate deal do to the world's temperature?

Policy levers -> power sector -> emissions by region, sector and gas -> a
calibrated probabilistic climate ensemble (FaIR-class physics, 841 members)
-> the verdict.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
