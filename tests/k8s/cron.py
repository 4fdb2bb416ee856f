"""The CronJob schedule as the kube-apiserver validates it: robfig/cron v3's standard parser
(`cron.ParseStandard`: minute, hour, day of month, month, day of week, plus descriptors),
which the CronJob validation and controller use. Written from the parser's documented
behaviour; the error texts are its own.

- five whitespace-separated fields; each a comma list of `*`, `?`, `N` or `N-M`, each with an
  optional `/step` (a positive integer; `N/step` means N to the field's maximum);
- ranges: minute 0-59, hour 0-23, day of month 1-31, month 1-12 (jan-dec), day of week 0-6
  (sun-sat); names are case-insensitive; no `L`, `W`, `#` or seconds field;
- descriptors: @yearly @annually @monthly @weekly @daily @midnight @hourly, and
  `@every <Go duration>`; a `TZ=`/`CRON_TZ=` prefix is the parser's, but the CronJob
  validation refuses it in favour of `spec.timeZone`."""

from __future__ import annotations

import re

DESCRIPTORS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
MONTHS = {
    name: i + 1
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
DAYS = {name: i for i, name in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])}
FIELDS: tuple[tuple[int, int, dict[str, int]], ...] = (  # (minimum, maximum, names)
    (0, 59, {}),
    (0, 23, {}),
    (1, 31, {}),
    (1, 12, MONTHS),
    (0, 6, DAYS),
)
_GO_DURATION = re.compile(r"^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$")


class ScheduleError(ValueError):
    """The parser's error for a schedule it refuses."""


def schedule_problem(schedule: str) -> str | None:
    """Why the CronJob validation refuses `schedule` (its message), or None if it parses."""
    try:
        parse(schedule)
    except ScheduleError as exc:
        return str(exc)
    return None


def parse(spec: str) -> None:
    if not spec:
        raise ScheduleError("empty spec string")
    if "TZ" in spec:
        raise ScheduleError("cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
    if spec.startswith("@"):
        _descriptor(spec)
        return
    fields = spec.split()
    if len(fields) != len(FIELDS):
        raise ScheduleError(f"expected exactly 5 fields, found {len(fields)}: {_go_list(fields)}")
    for text, bounds in zip(fields, FIELDS, strict=True):
        for expression in text.split(","):
            _range(expression, *bounds)


def _descriptor(spec: str) -> None:
    if spec in DESCRIPTORS:
        return
    if spec.startswith("@every "):
        duration = spec[len("@every ") :]
        if not _GO_DURATION.match(duration) or not re.search(r"[0-9]", duration):
            raise ScheduleError(
                f'failed to parse duration {spec}: time: invalid duration "{duration}"'
            )
        return
    raise ScheduleError(f"unrecognized descriptor: {spec}")


def _range(expression: str, minimum: int, maximum: int, names: dict[str, int]) -> None:
    range_and_step = expression.split("/")
    low_and_high = range_and_step[0].split("-")
    single_digit = len(low_and_high) == 1
    if low_and_high[0] in ("*", "?"):
        start, end = minimum, maximum
    else:
        start = _value(low_and_high[0], names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _value(low_and_high[1], names)
        else:
            raise ScheduleError(f"too many hyphens: {expression}")
    if len(range_and_step) == 2:
        step = _number(range_and_step[1])
        if single_digit and low_and_high[0] not in ("*", "?"):
            end = maximum  # "N/step" is "N-max/step"
        if step <= 0:
            raise ScheduleError(f"step of range should be a positive number: {expression}")
    elif len(range_and_step) > 2:
        raise ScheduleError(f"too many slashes: {expression}")
    if start < minimum:
        raise ScheduleError(f"beginning of range ({start}) below minimum ({minimum}): {expression}")
    if end > maximum:
        raise ScheduleError(f"end of range ({end}) above maximum ({maximum}): {expression}")
    if start > end:
        raise ScheduleError(
            f"beginning of range ({start}) beyond end of range ({end}): {expression}"
        )


def _value(text: str, names: dict[str, int]) -> int:
    if text.lower() in names:
        return names[text.lower()]
    return _number(text)


def _number(text: str) -> int:
    # Go's strconv.Atoi: an optional sign and ASCII digits
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise ScheduleError(
            f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax'
        )
    if int(text) < 0:
        raise ScheduleError(f"negative number ({int(text)}) not allowed: {text}")
    return int(text)


def _go_list(items: list[str]) -> str:
    return "[" + " ".join(items) + "]"
