"""An independent expansion of RFC 5545 recurrence rules, for the agenda's oracle test.

Reads a JSON list of cases from standard input: {"rule": "FREQ=...", "anchor": "YYYYMMDDTHHMMSS",
"zone": "Europe/Berlin", "limit": "YYYYMMDDTHHMMSS"}. For each, python-dateutil's rrule expands the rule
from the anchor; its first occurrence becomes the start (so the start is synchronised with the rule, as RFC
5545 asks), and the rule is expanded again from there up to the limit (inclusive). Wall-clock times become
instants with zoneinfo (fold=0: a skipped time moves forward by the gap, a repeated time is its first
occurrence). Writes a JSON list: {"start": "YYYYMMDDTHHMMSS" or null, "instants": [unix seconds, ...]}, with
"error" instead when dateutil itself fails on a rule.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def parse(text):
    return datetime.strptime(text, "%Y%m%dT%H%M%S")


def expand(case):
    anchor = parse(case["anchor"])
    limit = parse(case["limit"])
    zone = ZoneInfo(case["zone"])
    rule = case["rule"]
    first = rrulestr(rule, dtstart=anchor)
    start = next(iter(first), None)
    if start is None or start > limit:
        return {"start": None, "instants": []}
    occurrences = rrulestr(rule, dtstart=start).between(start, limit, inc=True)
    instants = [int(o.replace(tzinfo=zone, fold=0).astimezone(timezone.utc).timestamp()) for o in occurrences]
    return {"start": start.strftime("%Y%m%dT%H%M%S"), "instants": instants}


def expand_or_report(case):
    """A case dateutil itself cannot expand is reported as such (its error), not compared."""
    try:
        return expand(case)
    except Exception as error:  # dateutil's own failures, e.g. IndexError on some ordinal rules
        return {"start": None, "instants": [], "error": f"{type(error).__name__}: {error}"}


def main():
    cases = json.load(sys.stdin)
    json.dump([expand_or_report(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
