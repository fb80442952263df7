"""The body of one person to record, as a line of an import file gives it (and ``POST /api/persons`` takes it).

Plain pydantic models of the registry: the import reads each line with them, the API's input schemas derive
from them (``polon.api.schemas.persons``), so both check the same fields the same way.
"""

from __future__ import annotations

from pydantic import BaseModel

from polon.registry.choices import CitizenshipProvenance
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput, PersonDraft


class NameBody(BaseModel):
    """One spelling (``NameInput``)."""

    text: str
    given: str = ""
    patronymic: str = ""
    surname: str = ""
    language: str = ""
    scheme: str = ""
    source_id: int | None = None


class CitizenshipBody(BaseModel):
    """One citizenship (``CitizenshipInput`` without a source)."""

    country: str
    provenance: str = CitizenshipProvenance.SELF_DECLARED.value
    as_of: str = ""


class PersonBody(BaseModel):
    """A whole person: its spellings (the first is primary), citizenships and identity fields (PERSON_FIELDS)."""

    names: list[NameBody]
    citizenships: list[CitizenshipBody] = []
    category: str
    sex: str = "unknown"
    father_first_name: str = ""
    mother_maiden_name: str = ""
    birth_date: str = ""
    birth_place: str = ""
    rank: str = ""
    army: str = ""
    service_number: str = ""
    internment_number: str = ""
    unit: str = ""
    power_depended: str = ""
    informed_person_name: str = ""
    informed_person_address: str = ""
    correspondence_address: str = ""
    languages: list[str] = []
    restricted: bool = False
    notes: str = ""

    def draft(self) -> PersonDraft:
        """The draft the registry services take (not yet cleaned: ``clean_person`` checks it)."""
        fields = self.model_dump()
        names = [NameInput(**n) for n in fields.pop("names")]
        citizenships = [CitizenshipInput(**c) for c in fields.pop("citizenships")]
        return PersonDraft(names=names, citizenships=citizenships, fields=fields)
