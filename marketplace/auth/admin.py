"""Admins are made on the server, never by registering: ``python -m marketplace.auth.admin grant EMAIL``
(also ``revoke EMAIL`` and ``list``), with the server's ``WAQUP_MARKET_*`` settings or ``--database-url``.
The account must exist (register it first); the last enabled admin is never revoked."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from marketplace.auth import service
from marketplace.db import Database
from marketplace.models import User


def grant(database: Database, email: str, admin: bool = True) -> User:
    with database.session() as db:
        return service.set_admin(db, email, admin)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marketplace.auth.admin", description=__doc__)
    parser.add_argument("action", choices=("grant", "revoke", "list"))
    parser.add_argument("email", nargs="?")
    parser.add_argument("--database-url", help="default: WAQUP_MARKET_DATABASE_URL, else the dev SQLite file")
    args = parser.parse_args(argv)
    if args.action != "list" and not args.email:
        parser.error(f"{args.action} needs an EMAIL")
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from marketplace.migrate import upgrade
    from marketplace.settings import Settings

    settings = Settings.from_env(database_url=args.database_url)
    try:
        upgrade(settings.database_url)
        database = Database(settings.database_url)
    except (SQLAlchemyError, ArgumentError, ValueError) as exc:  # the URL may hold a password: never print it
        print(f"error: could not open the marketplace database ({type(exc).__name__}); check --database-url",
              file=sys.stderr)
        return 1
    try:
        if args.action == "list":
            with database.session() as db:
                for email in db.scalars(select(User.email).where(User.role == "admin").order_by(User.id)):
                    print(email)
            return 0
        try:
            user = grant(database, args.email, args.action == "grant")
        except (service.AuthError, service.Conflict) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{user.email} is now {user.role}")
        return 0
    finally:
        database.dispose()


if __name__ == "__main__":
    sys.exit(main())
