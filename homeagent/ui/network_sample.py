"""Local addresses as Qt sees them: the sample NetworkMonitor compares between polls."""

from __future__ import annotations

from PySide6.QtNetwork import QNetworkInterface


def local_addresses() -> frozenset[str]:
    """Non-loopback addresses of interfaces that are up; reads no network, sends nothing."""
    found = set()
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        if flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in iface.addressEntries():
            found.add(entry.ip().toString())
    return frozenset(found)
