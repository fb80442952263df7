"""Actors: people named in sources who are not captives."""

from __future__ import annotations

from ninja import Schema


class ActorNameOut(Schema):
    text: str
    language: str
    source: int | None


class ActorMentionOut(Schema):
    source: int
    title: str
    role: str


class ActorContactOut(Schema):
    id: int
    country: str
    date: str
    place: str


class ActorOut(Schema):
    id: int
    name: str
    kind: str
    country: str
    organisation: str
    position: str
    notes: str
    version: int
    names: list[ActorNameOut]
    sources: list[ActorMentionOut] = []
    contacts: list[ActorContactOut] = []


class ActorIn(Schema):
    name: str
    kind: str
    country: str = ""
    organisation: str = ""
    position: str = ""
    notes: str = ""


class ActorUpdateIn(ActorIn):
    expected_version: int | None = None


class ActorNameIn(Schema):
    text: str
    language: str = ""
