"""``waqup market``: sign in, search, download, publish, and run the marketplace server."""

from __future__ import annotations

from pathlib import Path

import typer

from engine.words import count
from waqup_cli.output import format_duration, note, print_json

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Machine-readable output.")
URL = typer.Option(None, "--url", help="Marketplace URL (default: config `market.url`).")


def _client(url: str | None):
    from engine.market.client import MarketClient

    return MarketClient(url)


@app.command()
def register(
    email: str = typer.Option(None, "--email", help="Your email address (asked for when not given)."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from the first line of stdin (for scripts)."),
    url: str = URL,
    json_: bool = JSON,
) -> None:
    """Create a marketplace account (the password is asked for twice and never shown).

    Example: waqup market register --email ana@example.com
    """
    import sys

    from engine.errors import UsageError
    from engine.market.errors import MarketError

    if password_stdin and not email:
        raise UsageError("--password-stdin needs --email (stdin holds the password)")
    email = (email or typer.prompt("Email")).strip()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("no password on stdin: send it as the first line")
    else:
        password = typer.prompt("Password (10 or more characters)", hide_input=True,
                                confirmation_prompt="Password again")
    with _client(url) as client:
        try:
            account = client.register(email, password)
        except MarketError as exc:
            if exc.status == 422 and "email:" in str(exc):  # the server checks the address and the password
                raise UsageError(f"{email!r} does not look like an email address") from None
            if exc.status in (400, 422):
                raise UsageError(str(exc)) from None
            raise
    if json_:
        print_json(account)
        return
    typer.echo(f"Registered {account['email']}.")
    if not account.get("email_verified"):
        typer.echo(f"Next: open the link we emailed to {account['email']} to verify the address (publishing and "
                   "buying need it), then sign in:")
    else:
        typer.echo("Next, sign in:")
    typer.echo("  waqup market login" + (f" --url {url}" if url else ""))


@app.command()
def login(
    no_browser: bool = typer.Option(False, "--no-browser", help="Only print the approval link; open no browser."),
    url: str = URL,
) -> None:
    """Sign in with a code approved in your browser (device flow). No account yet? Create one on the
    approval page, or run `waqup market register` first.

    Example: waqup market login
    """
    import sys

    def show(start: dict) -> None:
        link = start["verification_uri_complete"]
        typer.echo(f"Open {start['verification_uri']} and enter the code {start['user_code']}")
        typer.echo(f"(or open {link})", err=True)
        if not no_browser and sys.stdin.isatty():
            from engine.market.payments import open_url

            typer.echo(f"Press Enter to open {link} in your browser (Ctrl-C to stop)", err=True)
            sys.stdin.readline()
            if not open_url(link):
                note("No browser could be opened here: open the link above yourself.")
        note("Waiting for approval... (Ctrl-C to stop)")

    with _client(url) as client:
        client.device_login(show)
        me = client.whoami()
    typer.echo(f"Signed in as {me['email']} ({me['role']}).")


@app.command()
def logout(url: str = URL) -> None:
    """Sign out here and revoke this session on the server."""
    with _client(url) as client:
        removed = client.logout()
    typer.echo("Signed out." if removed else "You were not signed in.")


@app.command()
def whoami(url: str = URL, json_: bool = JSON) -> None:
    """Show the signed-in account."""
    with _client(url) as client:
        me = client.whoami()
    if json_:
        print_json(me)
        return
    creator = f", creator {me['creator']['display_name']!r}" if me.get("creator") else ""
    typer.echo(f"{me['email']} ({me['role']}{creator})")


@app.command("become-creator")
def become_creator(
    name: str = typer.Option(..., "--name", help="Your public display name."),
    bio: str = typer.Option("", "--bio", help="A short bio."),
    link: list[str] = typer.Option([], "--link", help="A link (repeatable, up to 5)."),
    url: str = URL,
) -> None:
    """Create or update your creator profile so you can publish packs."""
    with _client(url) as client:
        profile = client.become_creator(name, bio, link)
    typer.echo(f"You are a creator: {profile['display_name']}.")
    typer.echo("Next: waqup market publish <pack>.waqup")


@app.command()
def search(
    query: str = typer.Argument("", help="Words to search for (empty: browse)."),
    type_: str = typer.Option(None, "--type", help="affirmation, meditation, ritual or mixed."),
    tag: list[str] = typer.Option([], "--tag", help="Require this tag (repeatable)."),
    free: bool = typer.Option(False, "--free", help="Free packs only."),
    paid: bool = typer.Option(False, "--paid", help="Paid packs only."),
    creator: int = typer.Option(None, "--creator", help="Creator id."),
    sort: str = typer.Option(None, "--sort", help="relevance, newest, popular, title, duration or price."),
    limit: int = typer.Option(20, "--limit", min=1, max=100, help="Show at most this many packs (1-100)."),
    cursor: str = typer.Option(None, "--cursor", help="The next page: next_cursor of the previous --json page."),
    url: str = URL,
    json_: bool = JSON,
) -> None:
    """Search the marketplace catalog.

    Example: waqup market search sleep --free
    """
    from waqup_cli.output import console

    price = "free" if free else "paid" if paid else None
    with _client(url) as client:
        page = client.search(query, type=type_, tag=tag, price=price, creator=creator, sort=sort, limit=limit,
                             cursor=cursor)
    if json_:
        print_json(page)
        return
    if not page["items"]:
        typer.echo("No packs found.")
        return
    out = console()
    table = packs_table(page["items"], out.width)
    if table is None:  # a very long slug in a very narrow terminal: plain lines, wrapped by the terminal
        for p in page["items"]:
            typer.echo(f"{p['slug']}  {p['title']}")
    else:
        out.print(table)
    typer.echo(f"Next: waqup market show {page['items'][0]['slug']}  (or: waqup market download <slug>)", err=True)
    if page.get("next_cursor"):
        typer.echo(f"More: the same search with --cursor {page['next_cursor']}", err=True)


# Search columns besides slug and title, and the order they go in when the terminal is too narrow for them.
PACK_COLUMNS = {
    "type": lambda p: p["type"],
    "items": lambda p: str(p["item_count"]),
    "length": lambda p: format_duration(p["duration"]),
    "price": lambda p: "free" if p["free"] else f"{p['price_credits']} cr",
    "creator": lambda p: p["creator"]["display_name"],
}
DROP_FIRST = ("items", "creator", "type", "length", "price")
TITLE_WANTED, TITLE_MIN = 16, 8  # columns go while the title has less than WANTED; under MIN it goes too


def packs_table(packs: list[dict], width: int):
    """The search results as a table that fits ``width``: the slug (what you type next) is never cut or
    wrapped; the title shrinks (with an ellipsis) and the other columns go when there is no room for them.
    ``None`` when even a slug alone does not fit in a table."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    def widest(name: str, cells: list[str]) -> int:
        return max([len(name), *(cell_len(c) for c in cells)])

    cells = {name: [get(p) for p in packs] for name, get in PACK_COLUMNS.items()}
    slugs, titles = [p["slug"] for p in packs], [p["title"] for p in packs]
    kept = list(PACK_COLUMNS)
    slug_width, title_width = widest("slug", slugs), widest("title", titles)

    def room() -> int:  # for the title: each column has a border and one space each side
        return width - 1 - (slug_width + 3) - sum(widest(n, cells[n]) + 3 for n in kept) - 3

    if slug_width + 4 > width:
        return None
    for name in DROP_FIRST:
        if room() >= min(TITLE_WANTED, title_width):
            break
        kept.remove(name)
    show_title = room() >= min(TITLE_MIN, title_width)
    table = Table(header_style="bold")
    table.add_column("slug", no_wrap=True, min_width=slug_width)
    if show_title:
        table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=min(title_width, room()))
    for name in kept:
        table.add_column(name, no_wrap=True, justify="right" if name in ("items", "length", "price") else "left")
    for n in range(len(packs)):
        row = [slugs[n], *([titles[n]] if show_title else []), *(cells[name][n] for name in kept)]
        table.add_row(*map(Text, row))  # text, never markup
    return table


@app.command()
def show(slug: str = typer.Argument(..., help="Pack slug."), url: str = URL, json_: bool = JSON) -> None:
    """Show a pack with its items and previews."""
    with _client(url) as client:
        pack = client.show(slug)
    if json_:
        print_json(pack)
        return
    price = "free" if pack["free"] else count(pack["price_credits"], "credit")
    typer.echo(f"{pack['title']} ({pack['slug']} v{pack['version']}) by {pack['creator']['display_name']} - {price}")
    if pack["description"]:
        typer.echo(pack["description"])
    for item in pack["items"]:
        typer.echo(f"  {item['position']:>2}. {item['title']} [{item['type']}, {format_duration(item['duration'])}]")
        if item["preview"]:
            typer.echo(f"      {item['preview']}")


@app.command()
def download(slug: str = typer.Argument(..., help="Pack slug."), url: str = URL, json_: bool = JSON) -> None:
    """Download a pack into your library for offline practice.

    Example: waqup market download calm-evenings && waqup library list --pack calm-evenings
    """
    from engine.market.install import install_pack

    with _client(url) as client:
        result = install_pack(client, slug)
    if json_:
        print_json(result)
        return
    typer.echo(f"Installed {result['pack']} v{result['version']}: {count(len(result['items']), 'item')} in your "
               "library.")
    for item in result["items"]:
        typer.echo(f"  {item['id']}  {item['title']}")


@app.command()
def publish(archive: Path = typer.Argument(..., help="A .waqup pack archive."), url: str = URL,
            json_: bool = JSON) -> None:
    """Publish a pack archive (or its next version).

    Example: waqup market publish calm-evenings.waqup
    """
    from engine.library import Library
    from engine.market.sync import publish_or_queue

    with _client(url) as client, Library() as lib:
        done = publish_or_queue(client, lib, archive)
    if json_:
        print_json(done if done["queued"] else done["pack"])
        return
    if done["queued"]:
        typer.echo(f"The marketplace is unreachable: {archive.name} is queued; it will publish on the next "
                   "`waqup sync`.")
        return
    pack = done["pack"]
    if pack.get("unchanged"):
        typer.echo(f"unchanged: {pack['slug']} is already at version {pack['version']}")
        return
    typer.echo(f"Published {pack['slug']} v{pack['version']} ({count(pack['item_count'], 'item')}, "
               f"{format_duration(pack['duration'])}).")


@app.command()
def unpublish(slug: str = typer.Argument(..., help="Pack slug."), url: str = URL) -> None:
    """Take your pack out of the catalog (people who have it keep it)."""
    with _client(url) as client:
        client.unpublish(slug)
    typer.echo(f"Unpublished {slug}.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    database_url: str = typer.Option(None, "--database-url", help="Default: SQLite in the data folder."),
    redis_url: str = typer.Option(None, "--redis-url", help="Rate-limit store (default: in memory)."),
    storage: str = typer.Option(None, "--storage", help="Media folder or s3://bucket/prefix."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (each has its own pool)."),
    public_url: str = typer.Option(None, "--public-url", help="URL clients use (for device sign-in links)."),
) -> None:
    """Run the marketplace server (FastAPI + uvicorn). Migrations run at startup.

    Example: waqup market serve --port 8765
    """
    from marketplace.serve import serve as run

    run(host=host, port=port, database_url=database_url, redis_url=redis_url, storage=storage, workers=workers,
        public_url=public_url)


@app.command()
def buy(slug: str = typer.Argument(..., help="Pack slug."),
        with_credits: bool = typer.Option(False, "--credits", help="Pay from your credit wallet, not by card."),
        download_: bool = typer.Option(False, "--download", help="Download it into your library afterwards."),
        no_browser: bool = typer.Option(False, "--no-browser", help="Print the payment link instead."),
        timeout: float = typer.Option(900, "--timeout", help="Seconds to wait for the payment."),
        url: str = URL, json_: bool = JSON) -> None:
    """Buy a paid pack (Stripe Checkout, or --credits from your wallet).

    Example: waqup market buy deep-sleep --download
    """
    from waqup_cli.commands.purchase import buy as run

    done = run("pack", pack=slug, pay="credits" if with_credits else "card", url=url, browser=not no_browser,
               timeout=timeout)
    if download_:
        from engine.market.install import install_pack

        with _client(url) as client:
            done = {**done, "installed": install_pack(client, slug)}
    if json_:
        print_json(done)
        return
    typer.echo(f"You own {slug} now (purchase {done['id']})." + (" Installed in your library." if download_ else ""))


@app.command()
def earnings(limit: int = typer.Option(20, "--limit", min=1, max=500,
                                       help="Show at most this many account movements (1-500)."),
             url: str = URL, json_: bool = JSON) -> None:
    """Your sales, payable balance (your share of each sale), engagement rewards and payouts.

    Example: waqup market earnings
    """
    from engine.market.payments import earnings as fetch

    with _client(url) as client:
        data = fetch(client, limit)
    if json_:
        print_json(data)
        return
    from waqup_cli.output import console

    typer.echo(f"{count(data['sales'], 'sale')} · {count(data['payable'], 'credit')} payable · "
               f"{count(data['rewards'], 'credit')} of engagement rewards")
    out = console()
    table = earnings_table(data["history"], out.width) if data["history"] else None
    if table is not None:
        out.print(table)
    for t in data["history"] if table is None else []:  # plain lines: the terminal wraps them, nothing is cut
        typer.echo(f"{t['created_at'][:16].replace('T', ' ')}  {t['kind']}  {t['delta']:+}  {t['memo']}")
    for p in data["payouts"]:
        typer.echo(f"payout {p['id'][:8]}: {count(p['credits'], 'credit')} ({p['status']})")


def earnings_table(history: list[dict], width: int):
    """Movements of the payable account as a table that fits ``width``: the memo wraps between words, and a
    word in it (a pack slug) is never cut or split. ``None`` when a word is too wide for any memo column."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("when", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("credits", no_wrap=True, justify="right")
    kinds = max([4, *(len(t["kind"]) for t in history)])
    deltas = max([7, *(len(f"{t['delta']:+}") for t in history)])
    longest = max([4, *(cell_len(word) for t in history for word in str(t["memo"]).split())])

    def room(when: int) -> int:  # for the memo: each column has a border and one space each side
        return width - 1 - (when + 3) - (kinds + 3) - (deltas + 3) - 3

    if room(10) < longest:
        return None
    when = 16 if room(16) >= longest else 10  # "2026-12-03 08:14", or the date alone
    table.add_column("memo", min_width=longest)
    for t in history:
        when_text = t["created_at"][:when].replace("T", " ")
        table.add_row(*map(Text, (when_text, t["kind"], f"{t['delta']:+}", str(t["memo"]))))
    return table
