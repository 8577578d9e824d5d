"""A private podcast feed of the library's audio, so practice can happen on a phone.

:func:`build` renders what is not rendered yet, places the audio beside a ``feed.json`` description and an RSS
2.0 ``feed.xml`` (iTunes namespace), and keeps the feed's secret token; :func:`rss` writes the XML for any base
URL; :func:`app` serves a built feed over HTTP (range requests, the token in every path).
"""

from engine.feed.build import Episode, Feed, build, load, rss, token_of
from engine.feed.serve import FeedServer, app, feed_url, lan_address

__all__ = ["Episode", "Feed", "FeedServer", "app", "build", "feed_url", "lan_address", "load", "rss", "token_of"]
