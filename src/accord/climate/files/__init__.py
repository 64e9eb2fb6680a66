"""Emissions files at the edge of the climate stage: parse, name, check, complete.

The modules here turn a CSV or frame of world emissions into the kernel's
``(scenario, year, specie)`` array; pandas and openscm-units stay here and out of
the kernel. :mod:`~accord.climate.files.layouts` parses headers,
:mod:`~accord.climate.files.names` maps variable names (AR6 and RCMIP) to the 51
species, :mod:`~accord.climate.files.checks` refuses implausible values,
:mod:`~accord.climate.files.harmonise` and :mod:`~accord.climate.files.infill`
complete a native submission, and :mod:`~accord.climate.files.reader` reads
scenarios in chunks. The public entry point is :func:`accord.climate.load_emissions`.
"""
