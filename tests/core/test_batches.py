from polon.core.batches import IN_BATCH, in_batches


def test_batches_cover_every_value_once_in_order_and_stay_bounded():
    values = list(range(2 * IN_BATCH + 1))
    batches = list(in_batches(values))
    assert [len(b) for b in batches] == [IN_BATCH, IN_BATCH, 1]
    assert [v for b in batches for v in b] == values
    assert list(in_batches([])) == []
