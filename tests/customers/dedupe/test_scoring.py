"""Scoring: shared contact points and similar names make likely duplicates; chance does not."""

from __future__ import annotations

from rapport.customers.dedupe.blocking import keys
from rapport.customers.dedupe.scoring import THRESHOLD, Record, prepare, score


def pair(a: Record, b: Record):  # type: ignore[no-untyped-def]
    return score(prepare(a), prepare(b))


def test_the_same_phone_written_differently_is_a_likely_duplicate():
    match = pair(
        Record("Acme", phones=("138 0013 8000",)), Record("Apex", phones=("+8613800138000",))
    )
    assert match.score >= THRESHOLD
    assert match.reasons == ("phone",)


def test_the_same_mailbox_is_a_likely_duplicate():
    match = pair(
        Record("Li Qiang", emails=("li.qiang@gmail.com",), is_person=True),
        Record("Q. Li", emails=("LiQiang+crm@gmail.com",), is_person=True),
    )
    assert match.score >= THRESHOLD
    assert "email" in match.reasons


def test_similar_company_names_match_and_more_evidence_scores_higher():
    by_name = pair(Record("Acme Trading Ltd"), Record("ACME Trading Limited"))
    by_both = pair(
        Record("Acme Trading Ltd", phones=("02079460958",)),
        Record("ACME Trading Limited", phones=("020 7946 0958",)),
    )
    assert by_name.score >= THRESHOLD
    assert by_both.score > by_name.score


def test_a_chinese_person_matches_the_romanised_name_at_the_same_company():
    match = pair(
        Record("张伟", company="华为技术有限公司", is_person=True),
        Record("Wei Zhang", company="华为技术", is_person=True),
    )
    assert match.score >= THRESHOLD
    assert match.reasons == ("name_and_company",)


def test_a_common_name_alone_is_below_the_threshold():
    match = pair(
        Record("Wei Zhang", company="Acme", is_person=True),
        Record("Zhang Wei", company="Globex", is_person=True),
    )
    assert match.score < THRESHOLD


def test_unrelated_companies_do_not_match():
    assert pair(Record("Acme Ltd"), Record("Globex Corporation")).score < THRESHOLD
    assert pair(Record("腾讯"), Record("阿里巴巴")).score < THRESHOLD


def test_likely_duplicates_share_a_blocking_key():
    a = prepare(Record("北京字节跳动科技有限公司"))
    b = prepare(Record("字节跳动科技"))
    c = prepare(Record("Wei Zhang", is_person=True))
    d = prepare(Record("张伟", is_person=True))
    assert keys(a) & keys(b)
    assert keys(c) & keys(d)
