"""The web channel's forms, one module per part of the site; every POST view reads one of them."""

from polon.web.forms.base import ActionForm, Form, IdListField, attach_errors
from polon.web.forms.persons import (
    EventForm,
    IdentityForm,
    NameForm,
    PersonEditForm,
    PersonForm,
    PersonImportForm,
)

__all__ = ["ActionForm", "EventForm", "Form", "IdListField", "IdentityForm", "NameForm", "PersonEditForm",
           "PersonForm", "PersonImportForm", "attach_errors"]
