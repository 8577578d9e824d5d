"""``waqup market``: sign in, search, download, publish, and run the marketplace server."""

from __future__ import annotations

from pathlib import Path

import typer

from waqup_cli.output import format_duration, note, print_json

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Machine-readable output.")
URL = typer.Option(None, "--url", help="Marketplace URL (default: config `market.url`).")


def _client(url: str | None):
    from engine.market.client import MarketClient

    return MarketClient(url)


@app.command()
def login(url: str = URL) -> None:
    """Sign in with a code approved in your browser (device flow).

    Example: waqup market login
    """
    def show(start: dict) -> None:
        typer.echo(f"Open {start['verification_uri']} and enter the code {start['user_code']}")
        typer.echo(f"(or open {start['verification_uri_complete']})", err=True)
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


@app.command()
def search(
    query: str = typer.Argument("", help="Words to search for (empty: browse)."),
    type_: str = typer.Option(None, "--type", help="affirmation, meditation, ritual or mixed."),
    tag: list[str] = typer.Option([], "--tag", help="Require this tag (repeatable)."),
    free: bool = typer.Option(False, "--free", help="Free packs only."),
    paid: bool = typer.Option(False, "--paid", help="Paid packs only."),
    creator: int = typer.Option(None, "--creator", help="Creator id."),
    sort: str = typer.Option(None, "--sort", help="relevance, newest, popular, title, duration or price."),
    limit: int = typer.Option(20, "--limit", min=1, max=100),
    url: str = URL,
    json_: bool = JSON,
) -> None:
    """Search the marketplace catalog.

    Example: waqup market search sleep --free
    """
    from rich.table import Table

    from waqup_cli.output import console

    price = "free" if free else "paid" if paid else None
    with _client(url) as client:
        page = client.search(query, type=type_, tag=tag, price=price, creator=creator, sort=sort, limit=limit)
    if json_:
        print_json(page)
        return
    if not page["items"]:
        typer.echo("No packs found.")
        return
    table = Table(header_style="bold")
    for name in ("slug", "title", "type", "items", "length", "price", "creator"):
        table.add_column(name)
    for p in page["items"]:
        table.add_row(p["slug"], p["title"], p["type"], str(p["item_count"]), format_duration(p["duration"]),
                      "free" if p["free"] else f"{p['price_credits']} cr", p["creator"]["display_name"])
    console().print(table)


@app.command()
def show(slug: str = typer.Argument(..., help="Pack slug."), url: str = URL, json_: bool = JSON) -> None:
    """Show a pack with its items and previews."""
    with _client(url) as client:
        pack = client.show(slug)
    if json_:
        print_json(pack)
        return
    price = "free" if pack["free"] else f"{pack['price_credits']} credits"
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
    typer.echo(f"Installed {result['pack']} v{result['version']}: {len(result['items'])} items in your library.")
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
    typer.echo(f"Published {pack['slug']} v{pack['version']} ({pack['item_count']} items, "
               f"{format_duration(pack['duration'])}).")


@app.command()
def unpublish(slug: str = typer.Argument(..., help="Pack slug."), url: str = URL) -> None:
    """Take your pack out of the catalog (people who have it keep it)."""
    with _client(url) as client:
        client.unpublish(slug)
    typer.echo(f"Unpublished {slug}.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8765, "--port", min=1, max=65535),
    database_url: str = typer.Option(None, "--database-url", help="Default: SQLite in the data folder."),
    redis_url: str = typer.Option(None, "--redis-url", help="Rate-limit store (default: in memory)."),
    storage: str = typer.Option(None, "--storage", help="Media folder or s3://bucket/prefix."),
    workers: int = typer.Option(1, "--workers", min=1, max=64),
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
def earnings(limit: int = typer.Option(20, "--limit", min=1, max=500), url: str = URL, json_: bool = JSON) -> None:
    """Your sales, payable balance (your share of each sale), engagement rewards and payouts.

    Example: waqup market earnings
    """
    from engine.market.payments import earnings as fetch

    with _client(url) as client:
        data = fetch(client, limit)
    if json_:
        print_json(data)
        return
    typer.echo(f"Sales {data['sales']} · payable {data['payable']} credits · engagement rewards {data['rewards']}")
    for t in data["history"]:
        sign = "+" if t["delta"] >= 0 else ""
        typer.echo(f"  {t['created_at'][:19].replace('T', ' ')}  {t['kind']:<9} {sign}{t['delta']:>6}  {t['memo']}")
    for p in data["payouts"]:
        typer.echo(f"  payout {p['id'][:8]} {p['credits']} credits ({p['status']})")
