from tests.url_matrix import Row, expect

ROWS = [
    Row("groups-list", expect(200)),
]
