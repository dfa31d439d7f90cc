"""Demo data for ``manage.py seed_demo``: a fictional kabupaten, its people, its KBK groups and
their risalah in every state of the review.

Everything here is invented. The app sits on top of the others: it may import every app, and
no app imports it (tests may; tests/test_layout.py checks). The lists live in ``data``, the
generated files (logos, SK scans) in ``documents``, the ASN generator (names, NIPs, jabatan) in
``people``, the example risalah and its evidence in ``example_risalah`` and ``example_evidence``.
"""
