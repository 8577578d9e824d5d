"""The JSON contract of the CLI: a JSON Schema (draft 2020-12) for each read command's ``--json`` output.

One rule for every read command: a list prints the envelope ``{"items": [...], "next_cursor": ...}``
(``next_cursor`` is null when there is nothing more); a single thing prints the object itself.
An error prints nothing on stdout, one line ``Error: ...`` on stderr (a usage error from the CLI
framework prints its usage text there instead) and exits 1 (it failed) or 2 (bad input).
``docs/cli.md`` shows each schema under its command (``waqup dev cli-docs``) and
``tests/test_cli_contract.py`` checks every command's real output against it.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NUM: dict[str, Any] = {"type": "number"}
BOOL: dict[str, Any] = {"type": "boolean"}
ANY_OBJ: dict[str, Any] = {"type": "object"}
STRS: dict[str, Any] = {"type": "array", "items": STR}

ENVELOPE_RULE = ('A list prints `{"items": [...], "next_cursor": ...}`: `next_cursor` is a string to pass '
                 "back for the next page (for `library list`, as `--offset`), or null on the last page; a "
                 "list that does not page (its `--limit` caps it) always gives null. A single thing prints "
                 "the object itself.")
ERROR_RULE = ("An error prints nothing on stdout, one line `Error: ...` on stderr (a mistyped option or "
              "argument gets the usage text there instead) and exits 1 (it failed) or 2 (bad input, or "
              "something to set up first).")


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(**fields: dict[str, Any]) -> dict[str, Any]:
    """An object that has at least these fields (more may be added later without breaking readers)."""
    return {"type": "object", "properties": fields, "required": list(fields)}


def envelope(item: dict[str, Any]) -> dict[str, Any]:
    """The one shape of every list."""
    return obj(items={"type": "array", "items": item}, next_cursor=nullable(STR))


def array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


ITEM = obj(id=STR, type=STR, title=STR, intent=STR, script=STR, context=STR, params=ANY_OBJ, tags=STRS,
           pack_id=nullable(STR), provider=STR, model=STR, seed=nullable(INT), created=STR, updated=STR)
AUDIO = obj(path=STR, format=STR, duration=nullable(NUM), stale=BOOL)
VERSION = obj(version=INT, title=STR, script=STR, source=STR, replaced=STR)
LINE = obj(kind={"const": "line"}, text=STR, direction=nullable(STR), repeat=INT)
PAUSE = obj(kind={"const": "pause"}, seconds=NUM, flexible=BOOL)
SECTION = obj(name=STR, items=array({"oneOf": [LINE, PAUSE]}))
PACK_ROW = obj(id=STR, slug=STR, title=STR, items=INT, author=STR, created=STR, last_run=nullable(STR))
PACK_ITEM = obj(id=STR, type=STR, title=STR, intent=STR, tags=STRS, position=INT, audio=nullable(STR),
                duration=nullable(NUM))
BALANCE = obj(account=STR, mode=STR, balance=INT, held=INT, spent=INT, granted=INT, budget=nullable(INT),
              available=nullable(INT))
TRANSACTION = obj(id=STR, op=STR, key=STR, account=STR, amount=INT, content_type=STR, ref=STR,
                  item_id=nullable(STR), source=STR, memo=STR, created=STR, expires=STR)
CREATOR_REF = obj(id=INT, display_name=STR)
MARKET_PACK = obj(slug=STR, title=STR, description=STR, type=STR, tags=STRS, price_credits=INT, free=BOOL,
                  creator=CREATOR_REF, item_count=INT, duration=NUM, version=INT, created_at=STR)
MARKET_ITEM = obj(item_id=STR, position=INT, type=STR, title=STR, intent=STR, tags=STRS, duration=NUM,
                  has_audio=BOOL, preview=STR)

CONTRACT: dict[str, dict[str, Any]] = {
    "library list": envelope(ITEM),
    "library show": {"allOf": [ITEM, obj(version=INT, audio=array(AUDIO))]},
    "library search": envelope(ITEM),
    "script show": obj(id=STR, type=STR, title=STR, version=INT, meta=ANY_OBJ, seconds=NUM,
                       sections=array(SECTION)),
    "script history": envelope(VERSION),
    "pack list": envelope(PACK_ROW),
    "pack show": obj(id=STR, slug=STR, title=STR, description=STR, author=nullable(STR), tags=STRS,
                     created=STR, imported=BOOL, items=array(PACK_ITEM), last_run=nullable(ANY_OBJ)),
    "credits balance": {"allOf": [BALANCE, obj(pays={"enum": ["local", "account"]})]},
    "credits history": envelope(TRANSACTION),
    "credits budget": obj(budget=nullable(INT), available=nullable(INT)),
    "credits account": obj(mode=STR, available=INT, server=obj(posted=INT, held=INT, available=INT),
                           unsynced=INT, debt=INT),
    "conversations list": envelope(obj(id=STR, kind=STR, state=STR, where=STR, about=STR, updated=STR)),
    "logs": envelope(obj(id=STR, item_id=nullable(STR), type=nullable(STR), provider=nullable(STR),
                         model=nullable(STR), inputs=ANY_OBJ, usage=ANY_OBJ, status=nullable(STR),
                         created=STR)),
    "practice log": envelope(obj(id=INT, item_id=STR, title=STR, started=STR, ended=nullable(STR),
                                 seconds=NUM, completed=BOOL, mood=STR, reflection=STR)),
    "practice stats": obj(today=STR, streak=INT, sessions=INT, total_minutes=NUM, practised_today=BOOL,
                          completed=INT, completion_rate=NUM,
                          weekly_minutes=array(obj(week=STR, minutes=NUM)),
                          top_items=array(obj(item_id=STR, title=STR, sessions=INT, minutes=NUM))),
    "voices": envelope(obj(id=STR, provider=STR, name=STR, language=STR, gender=STR, description=STR,
                           offline=BOOL, available=BOOL)),
    "record": envelope(obj(key=STR, text=STR, recorded=BOOL, path=nullable(STR))),
    "remind list": envelope(obj(id=INT, item_id=STR, title=STR, at=STR, days=STRS, created=STR)),
    "config show": ANY_OBJ,
    "config get": obj(key=STR, value={}),
    "config keys": envelope(obj(key=STR, values=STR)),
    "keys list": envelope(obj(provider=STR, set=BOOL, source=STR, masked=STR)),
    "data path": obj(home=STR, library=STR, config=STR, audio=STR, recordings=STR, cache=STR, outbox=STR,
                     keys=STR, tokens=STR, key_store=STR),
    "data size": obj(home=STR, total=INT, areas=array(obj(area=STR, path=STR, bytes=INT, size=STR))),
    "market search": envelope(MARKET_PACK),
    "market show": {"allOf": [MARKET_PACK, obj(items=array(MARKET_ITEM))]},
    "market whoami": obj(id=INT, email=STR, role=STR, creator=nullable(ANY_OBJ)),
    "market earnings": obj(sales=INT, payable=INT, rewards=INT, history=array(ANY_OBJ),
                           payouts=array(obj(id=STR, credits=INT, status=STR))),
}
"""Command path -> schema of its ``--json`` output (``record`` is ``waqup record ID --list --json``)."""


def schema(command: str) -> dict[str, Any]:
    """The full JSON Schema document for ``command``'s ``--json`` output."""
    return {"$schema": DIALECT, "title": f"waqup {command} --json", **CONTRACT[command]}


def _type(spec: dict[str, Any]) -> str:
    """A short type name: ``string``, ``integer or null``, ``array of objects``..."""
    if "const" in spec:
        return repr(spec["const"]).replace("'", '"')
    if "enum" in spec:
        return " or ".join(f'"{v}"' for v in spec["enum"])
    if "anyOf" in spec or "oneOf" in spec:
        return " or ".join(_type(s) for s in spec.get("anyOf") or spec["oneOf"])
    if "allOf" in spec or spec.get("type") == "object":
        return "object"
    if spec.get("type") == "array":
        inner = _type(spec.get("items", {}))
        return f"array of {inner}s" if " " not in inner else f"array of ({inner})"
    return spec.get("type", "any")


def fields(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """The top-level fields of an object schema and their short types, in order."""
    if "allOf" in spec:
        return [pair for part in spec["allOf"] for pair in fields(part)]
    return [(name, _type(sub)) for name, sub in spec.get("properties", {}).items()]


def summary(command: str) -> list[str]:
    """Markdown lines describing ``command``'s ``--json`` output compactly (for docs/cli.md)."""
    spec = CONTRACT[command]
    if set(spec.get("properties", {})) == {"items", "next_cursor"}:
        item = spec["properties"]["items"]["items"]
        head = 'a list, `{"items": [...], "next_cursor": string or null}`; each item has'
    else:
        item = spec
        head = "one object with" if fields(spec) else "one object (any keys)."
    listed = ", ".join(f"`{name}` ({kind})" for name, kind in fields(item))
    return [f"**JSON output** (`--json`): {head} {listed}." if listed else f"**JSON output** (`--json`): {head}"]
