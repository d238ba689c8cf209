"""Read side: customers, their tickets, products. Returns JSON-ready dicts.

Lists are walked with keyset pagination: a page token is an opaque (base64url JSON) record of
the last row's sort key, bound to the query it came from, so rows added or removed between two
pages never make another row appear twice or be skipped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import sqlite3
from typing import Any

from homeagent.demo.server.problems import bad_request, not_found
from homeagent.demo.server.seed import fold
from homeagent.demo.server.store import Store

Json = dict[str, Any]


def encode_page_token(scope: str, key: tuple[str, str]) -> str:
    raw = json.dumps({"s": _scope_hash(scope), "k": list(key)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_page_token(token: str, scope: str) -> tuple[str, str] | None:
    """None for the first page; the last row's key otherwise. 400 for a token not ours."""
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        first, second = data["k"]
        if data["s"] != _scope_hash(scope) or not all(isinstance(v, str) for v in data["k"]):
            raise ValueError("another query's token")
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as exc:
        raise bad_request(
            "page_token is not one this server issued for this query; start again without it"
        ) from exc
    return str(first), str(second)


def _scope_hash(scope: str) -> str:
    return hashlib.sha256(scope.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _page(rows: list[sqlite3.Row], size: int, scope: str, key: tuple[str, str]) -> str:
    """The next page token when there are more rows than `size` (we fetch size + 1)."""
    return encode_page_token(scope, key) if len(rows) > size else ""


def _summary(row: sqlite3.Row, phone: str) -> Json:
    return {
        "id": row["id"],
        "display_name": row["display_name"],
        "phone": phone,
        "email": row["email"],
        "account_number": row["account_number"],
        "vip": bool(row["vip"]),
        "segment": row["segment"],
        "language": row["language"],
    }


def _ticket(row: sqlite3.Row) -> Json:
    return {
        "id": row["id"],
        "subject": row["subject"],
        "category": row["category"],
        "status": row["status"],
        "created_at": row["created_at"],
    }


class Catalog:
    def __init__(self, store: Store) -> None:
        self._store = store

    def lookup(self, phone: str) -> list[Json]:
        with self._store.tx() as db:
            rows = db.execute(
                "SELECT c.* FROM customers c JOIN customer_phones p ON p.customer_id = c.id "
                "WHERE p.phone = ? ORDER BY c.sort_key, c.id",
                (phone,),
            ).fetchall()
        return [_summary(row, phone) for row in rows]

    def search_customers(self, q: str, page_token: str, size: int) -> Json:
        scope = "customers\n" + fold(q)
        after = decode_page_token(page_token, scope) or ("", "")
        with self._store.tx() as db:
            rows = db.execute(
                "SELECT c.*, (SELECT phone FROM customer_phones p WHERE p.customer_id = c.id "
                "ORDER BY position LIMIT 1) AS first_phone FROM customers c "
                "WHERE instr(c.search_text, ?) > 0 AND (c.sort_key, c.id) > (?, ?) "
                "ORDER BY c.sort_key, c.id LIMIT ?",
                (fold(q), after[0], after[1], size + 1),
            ).fetchall()
        items = rows[:size]
        key = (items[-1]["sort_key"], items[-1]["id"]) if items else ("", "")
        return {
            "items": [_summary(row, row["first_phone"] or "") for row in items],
            "next_page_token": _page(rows, size, scope, key),
        }

    def customer_card(self, customer_id: str) -> Json:
        with self._store.tx() as db:
            row = db.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
            if row is None:
                raise not_found(f"no customer {customer_id!r}")
            phones = db.execute(
                "SELECT phone FROM customer_phones WHERE customer_id = ? ORDER BY position",
                (customer_id,),
            ).fetchall()
            products = db.execute(
                "SELECT o.product_id, p.name, o.serial, o.contract_end FROM owned_products o "
                "JOIN products p ON p.id = o.product_id WHERE o.customer_id = ? "
                "ORDER BY o.position",
                (customer_id,),
            ).fetchall()
            tickets = db.execute(
                "SELECT * FROM tickets WHERE customer_id = ? AND status != 'closed' "
                "ORDER BY created_at DESC, id DESC",
                (customer_id,),
            ).fetchall()
        return {
            "id": row["id"],
            "display_name": row["display_name"],
            "phones": [p["phone"] for p in phones],
            "email": row["email"],
            "address": row["address"],
            "language": row["language"],
            "segment": row["segment"],
            "vip": bool(row["vip"]),
            "account_number": row["account_number"],
            "products": [
                {
                    "product_id": p["product_id"],
                    "name": p["name"],
                    "serial": p["serial"],
                    "contract_end": p["contract_end"],
                }
                for p in products
            ],
            "open_tickets": [_ticket(t) for t in tickets],
        }

    def customer_tickets(self, customer_id: str, page_token: str, size: int) -> Json:
        scope = "tickets\n" + customer_id
        # newest first: the key is compared with < ; the first page starts above any key
        after = decode_page_token(page_token, scope) or ("\uffff", "")
        with self._store.tx() as db:
            known = db.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone()
            if known is None:
                raise not_found(f"no customer {customer_id!r}")
            rows = db.execute(
                "SELECT * FROM tickets WHERE customer_id = ? AND (created_at, id) < (?, ?) "
                "ORDER BY created_at DESC, id DESC LIMIT ?",
                (customer_id, after[0], after[1], size + 1),
            ).fetchall()
            items = []
            for t in rows[:size]:
                notes = db.execute(
                    "SELECT id, body, created_at FROM notes WHERE ticket_id = ? "
                    "ORDER BY created_at, id",
                    (t["id"],),
                ).fetchall()
                items.append(_ticket(t) | {"notes": [dict(n) for n in notes]})
        key = (items[-1]["created_at"], items[-1]["id"]) if items else ("", "")
        return {"items": items, "next_page_token": _page(rows, size, scope, key)}

    def search_products(self, q: str, page_token: str, size: int) -> Json:
        scope = "products\n" + fold(q)
        after = decode_page_token(page_token, scope) or ("", "")
        with self._store.tx() as db:
            rows = db.execute(
                "SELECT id, name, category, sort_key FROM products "
                "WHERE instr(search_text, ?) > 0 AND (sort_key, id) > (?, ?) "
                "ORDER BY sort_key, id LIMIT ?",
                (fold(q), after[0], after[1], size + 1),
            ).fetchall()
        items = rows[:size]
        key = (items[-1]["sort_key"], items[-1]["id"]) if items else ("", "")
        return {
            "items": [{"id": r["id"], "name": r["name"], "category": r["category"]} for r in items],
            "next_page_token": _page(rows, size, scope, key),
        }

    def product(self, product_id: str) -> Json:
        with self._store.tx() as db:
            row = db.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
            if row is None:
                raise not_found(f"no product {product_id!r}")
            articles = db.execute(
                "SELECT id, kind, title, body FROM articles WHERE product_id = ? ORDER BY position",
                (product_id,),
            ).fetchall()
        return {
            "id": row["id"],
            "name": row["name"],
            "category": row["category"],
            "description": row["description"],
            "articles": [dict(a) for a in articles],
        }
