"""Loading the sample data into a new (or reset) database."""

from __future__ import annotations

import json
import unicodedata

from homeagent.demo.server import security
from homeagent.demo.server.sample_data import AGENTS, SIP_PASSWORD, load
from homeagent.demo.server.store import SCHEMA_VERSION, Store


def fold(text: str) -> str:
    """Case- and accent-insensitive form used by search: 'Hélène' and 'HELENE' both -> 'helene'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def open_store(path: str, *, reset: bool = False) -> Store:
    """Open the database at `path`, creating and seeding it when new (or when `reset`)."""
    store = Store(path)
    if reset or store.is_empty():
        store.create_schema(drop=True)
        seed(store)
    elif store.schema_version() != SCHEMA_VERSION:
        store.close()
        raise RuntimeError(f"{path}: an older demo database; start once with --seed to reset it")
    return store


def seed(store: Store) -> None:
    with store.tx() as db:
        for agent in AGENTS:
            salt = security.new_salt()
            db.execute(
                "INSERT INTO agents (id, username, salt, pw_hash, display_name, language, queues,"
                " sip_username, sip_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    agent.id,
                    agent.username,
                    salt,
                    security.hash_password(agent.password, salt),
                    agent.display_name,
                    agent.language,
                    json.dumps(agent.queues),
                    agent.sip_username,
                    SIP_PASSWORD,
                ),
            )
        sample = load()
        for c in sample.customers:
            parts = (c["display_name"], c["email"], c["account_number"])
            db.execute(
                "INSERT INTO customers (id, display_name, sort_key, search_text, email,"
                " account_number, language, segment, address, vip)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    c["id"],
                    c["display_name"],
                    fold(c["display_name"]),
                    "\n".join(fold(part) for part in parts),
                    c["email"],
                    c["account_number"],
                    c["language"],
                    c["segment"],
                    c["address"],
                    int(c["vip"]),
                ),
            )
            for position, phone in enumerate(c["phones"]):
                db.execute(
                    "INSERT INTO customer_phones (customer_id, phone, position) VALUES (?, ?, ?)",
                    (c["id"], phone, position),
                )
            for position, owned in enumerate(c["products"]):
                db.execute(
                    "INSERT INTO owned_products (customer_id, product_id, serial, contract_end,"
                    " position) VALUES (?, ?, ?, ?, ?)",
                    (
                        c["id"],
                        owned["product_id"],
                        owned["serial"],
                        owned["contract_end"],
                        position,
                    ),
                )
        for p in sample.products:
            db.execute(
                "INSERT INTO products (id, name, category, description, sort_key, search_text)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    p["id"],
                    p["name"],
                    p["category"],
                    p["description"],
                    fold(p["name"]),
                    fold(f"{p['name']}\n{p['category']}"),
                ),
            )
            for position, a in enumerate(p["articles"]):
                db.execute(
                    "INSERT INTO articles (id, product_id, kind, title, body, position)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (a["id"], p["id"], a["kind"], a["title"], a["body"], position),
                )
        for t in sample.tickets:
            db.execute(
                "INSERT INTO tickets (id, customer_id, caller_number, call_id, category, subject,"
                " status, product_id, disposition, created_at, created_by)"
                " VALUES (?, ?, '', '', ?, ?, ?, ?, '', ?, 'sample')",
                (
                    t["id"],
                    t["customer_id"],
                    t["category"],
                    t["subject"],
                    t["status"],
                    t["product_id"],
                    t["created_at"],
                ),
            )
            for note in t["notes"]:
                db.execute(
                    "INSERT INTO notes (id, ticket_id, body, created_at, author)"
                    " VALUES (?, ?, ?, ?, 'sample')",
                    (note["id"], t["id"], note["body"], note["created_at"]),
                )
