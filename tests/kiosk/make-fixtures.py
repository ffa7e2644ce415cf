#!/usr/bin/env python3
"""Writes the door display's test fixtures (fixtures/*.json) from one
day at the Bibliothèque Carnot. Run it again after changing the day; the
JSON files are committed so the tests need no Python."""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = {
    "lang": "fr",
    "room": {
        "id": "salle-jaune",
        "name": "Salle Jaune",
        "site": "Bibliothèque Carnot · 2e étage",
        "kind": "group",
        "zone": "Europe/Paris",
        "rules": {"granularity": "30", "max_duration": "2h"},
    },
    "base_url": "https://salles.bib-carnot.fr",
    "door_proof": {"code": "K7Q2M9", "until": "2026-11-23T23:00:00Z"},
    "week": "mon-fri 08:00-20:00, sat 09:00-13:00",
    # Paris is UTC+1 in November: 13:00 local is 12:00Z.
    "bookings": [
        {"id": "b-1041", "start": "2026-11-23T08:00:00Z",
         "end": "2026-11-23T09:00:00Z", "status": "ended",
         "checked_in_at": "2026-11-23T07:58:00Z",
         "closed_at": "2026-11-23T09:00:00Z",
         "title": "Révisions de droit", "booker": "Hugo Martin"},
        {"id": "b-1042", "start": "2026-11-23T09:00:00Z",
         "end": "2026-11-23T10:30:00Z", "status": "released",
         "closed_at": "2026-11-23T09:15:00Z",
         "title": "Atelier CV", "booker": "Inès Roux"},
        {"id": "b-1043", "start": "2026-11-23T12:00:00Z",
         "end": "2026-11-23T13:00:00Z", "status": "confirmed",
         "title": "Groupe de révision L2", "booker": "Jeanne Dupont",
         "code": "4821"},
        {"id": "b-1044", "start": "2026-11-23T13:30:00Z",
         "end": "2026-11-23T15:00:00Z", "status": "confirmed",
         "title": "Projet tutoré", "booker": "Karim Benali"},
        {"id": "b-1045", "start": "2026-11-23T15:30:00Z",
         "end": "2026-11-23T17:00:00Z", "status": "pending",
         "title": "Réunion associative", "booker": "Zoé Lambert"},
        {"id": "b-1046", "start": "2026-11-24T08:30:00Z",
         "end": "2026-11-24T10:00:00Z", "status": "confirmed",
         "title": "Préparation oral", "booker": "Léa Moreau"},
        {"id": "b-1047", "start": "2026-11-24T13:00:00Z",
         "end": "2026-11-24T14:00:00Z", "status": "confirmed",
         "title": "Club de lecture", "booker": "Paul Girard"},
    ],
    "sync": {"configured": True, "online": True,
             "last_success": "2026-11-23T10:41:30Z", "pending": 0},
    "staff_pin": "246810",
}


def variant(name, now, lang=None, **changes):
    doc = copy.deepcopy(BASE)
    doc["now"] = now
    if lang:
        doc["lang"] = lang
    for key, value in changes.items():
        if key == "booking":
            for b in doc["bookings"]:
                if b["id"] == value["id"]:
                    b.update(value)
        else:
            doc[key] = value
    if "last_success" not in str(changes.get("sync", "")):
        doc["sync"]["last_success"] = now
    path = os.path.join(HERE, "fixtures", name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


variant("free", "2026-11-23T10:42:00Z")
variant("checkin", "2026-11-23T12:04:30Z", lang="en")
variant("occupied", "2026-11-23T12:35:00Z",
        booking={"id": "b-1043", "status": "checked_in",
                 "checked_in_at": "2026-11-23T11:57:00Z"})
variant("closed", "2026-11-23T19:40:00Z", lang="en")
variant("offline", "2026-11-23T10:58:00Z",
        sync={"configured": True, "online": False,
              "last_success": "2026-11-23T09:42:00Z", "pending": 2},
        messages=[{"text": "Fermeture exceptionnelle à 17 h le "
                   "24 décembre. Les réservations de l'après-midi "
                   "sont annulées.",
                   "level": "warning"}])
variant("pin", "2026-11-23T10:42:00Z", lang="en",
        ui={"screen": "pin", "entry": "2468"})
variant("code", "2026-11-23T12:03:00Z",
        room={**BASE["room"], "rules": {**BASE["room"]["rules"],
                                        "checkin_code": "on"}},
        ui={"screen": "code", "entry": "48", "booking": "b-1043"})
variant("rebooked", "2026-11-23T12:20:00Z",
        booking={"id": "b-1043", "status": "released",
                 "closed_at": "2026-11-23T12:15:00Z"},
        ui={"toast": {"kind": "slot_rebooked",
                      "at": "2026-11-23T12:20:00Z"}})
variant("staff", "2026-11-23T12:08:00Z", lang="en",
        ui={"screen": "staff", "staff": True})
variant("confirm-end", "2026-11-23T12:35:00Z", lang="en",
        booking={"id": "b-1043", "status": "checked_in",
                 "checked_in_at": "2026-11-23T11:57:00Z"},
        ui={"screen": "confirm", "confirm": "end", "booking": "b-1043"})
variant("checked-in-toast", "2026-11-23T12:06:00Z", lang="en",
        booking={"id": "b-1043", "status": "checked_in",
                 "checked_in_at": "2026-11-23T12:05:58Z",
                 "waiting_sync": True},
        sync={"configured": True, "online": False,
              "last_success": "2026-11-23T11:59:00Z", "pending": 1},
        ui={"toast": {"kind": "checked_in", "offline": True,
                      "at": "2026-11-23T12:05:58Z"}})
