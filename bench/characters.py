"""Characters listing benchmark: seconds for one page of `GET /v1/characters` (the directory's
`usable`) when many characters are open to everyone, chosen and paged by the database (now)
against the earlier way, reproduced here: every candidate row read from the database, checked
by rules.may_use and paged in Python (opening only the page's features).

    .venv/bin/python bench/characters.py [--characters 300 3000] [--repeats 5]

Members and their characters are made through the real services on SQLite (the capture is
analysed once and reused). Prints, per count, the best of `repeats` for the first and the last
page of 50, each way, and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import and_, or_, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from events import ManualClock  # noqa: E402
from generation.capture import analyse_capture  # noqa: E402
from safety.likeness.directory import _party  # noqa: E402
from safety.likeness.rules import may_use  # noqa: E402
from safety.likeness.tables import CharacterApproval, CharacterRow  # noqa: E402
from social.follows import mutual_ids  # noqa: E402
from social.rules import utc_day  # noqa: E402
from social.tables import Account, ParentalControls  # noqa: E402
from tests.capture_fixtures import make_capture  # noqa: E402
from tests.fixtures_db import build_runtime  # noqa: E402

PAGE = 50


def earlier_page(rt, user_id: str, offset: int) -> list[str]:  # noqa: ANN001
    """The listing as it was before 2026-11-27 22:30 (safety/likeness/directory.py at 1c955e8)."""
    today = utc_day(rt.clock())
    characters = rt.characters
    with Session(rt.store.engine) as session:
        found = session.execute(select(Account.birth_year, ParentalControls.characters_allowed)
                                .outerjoin(ParentalControls, ParentalControls.teen_id == Account.user_id)
                                .where(Account.user_id == user_id)).first()
        viewer = _party(user_id, found.birth_year, found.characters_allowed, today)
        mutuals = set(session.execute(mutual_ids(user_id)).scalars())
        approvals = select(CharacterApproval.character_id).where(CharacterApproval.user_id == user_id)
        rows = session.execute(
            select(CharacterRow, CharacterApproval.user_id.is_not(None), Account.birth_year,
                   ParentalControls.characters_allowed)
            .join(Account, Account.user_id == CharacterRow.owner_id)
            .outerjoin(ParentalControls, ParentalControls.teen_id == CharacterRow.owner_id)
            .outerjoin(CharacterApproval, and_(CharacterApproval.character_id == CharacterRow.character_id,
                                               CharacterApproval.user_id == user_id))
            .where(or_(CharacterRow.owner_id == user_id, CharacterRow.audience == "everyone",
                       and_(CharacterRow.audience == "mutuals", CharacterRow.owner_id.in_(list(mutuals))),
                       and_(CharacterRow.audience == "approved", CharacterRow.character_id.in_(approvals))))
            .order_by(CharacterRow.name_lower)).all()
    page, skipped = [], 0
    for row, approved, birth_year, allowed in rows:
        owner = _party(row.owner_id, birth_year, allowed, today)
        if not may_use(viewer, owner, row.audience, approved=bool(approved), mutual=row.owner_id in mutuals):
            continue
        if skipped < offset:
            skipped += 1
            continue
        if characters._open(row) is not None:
            page.append(row.name)
        if len(page) >= PAGE:
            break
    return page


def best(fn, repeats: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    features = analyse_capture(make_capture(size=96, seconds=3.0))
    print(f"{'characters':>10} {'page':>5} {'database s':>11} {'earlier s':>10} {'earlier / database':>19}")
    for count in args.characters:
        with tempfile.TemporaryDirectory() as tmp:
            rt = build_runtime(f"sqlite:///{tmp}/bench.db", Path(tmp), ManualClock())
            rt.characters._analyse = lambda data: features
            codes = iter([c.code for start in range(0, count + 1, 1000)
                          for c in rt.invites.issue_by_operator(min(1000, count + 1 - start))])
            viewer = rt.accounts.sign_up(invite_code=next(codes), handle="viewer", password="a long passphrase",
                                         birth_year=1990).user_id
            owners = [rt.accounts.sign_up(invite_code=next(codes), handle=f"member{n:05d}",
                                          password="a long passphrase", birth_year=1990).user_id for n in range(count)]
            rt.catch_up()
            for owner in owners:
                rt.characters.capture(owner, b"capture", audience="everyone")
            rt.catch_up()
            for label, offset in (("first", 0), ("last", count - PAGE)):
                now = [c.name for c in rt.characters.usable(viewer, limit=PAGE, offset=offset)]
                assert now == earlier_page(rt, viewer, offset), "the two ways list different characters"
                database = best(lambda: rt.characters.usable(viewer, limit=PAGE, offset=offset), args.repeats)
                earlier = best(lambda: earlier_page(rt, viewer, offset), args.repeats)
                print(f"{count:>10} {label:>5} {database:>11.4f} {earlier:>10.4f} {earlier / database:>18.1f}x")
            rt.close()


if __name__ == "__main__":
    main()
