from tests.url_matrix import Row, expect

ROWS = [
    # The load balancer's health check: no login, JSON (tests/ops/test_health.py).
    Row("core-health", expect(200, anonymous=200)),
    Row("core-health", expect(405, anonymous=405), method="post"),
]
