"""Demo data for ``manage.py seed_demo``: a fictional kabupaten, its people and its KBK groups.

Everything here is invented. The lists live in ``data``, the generated files (logos, SK scans)
in ``documents`` and the ASN generator (names, NIPs, jabatan) in ``people``.
"""
