"""Pages of specific agreements (R8): list, detail, drafting, document, signing, the register
entries, secrecy markings, access by name, the release copy and the history.

Every read goes through `Agreement.objects.for_user(user)` (get_agreement_for_user), so what is
marked secret reaches the templates already masked; a page never unmasks anything. Each POST
view: access helper (404 outside the partnership) → permission predicate (403) → form → one
service call → message → redirect.

The package holds the views that urls.py routes to, by module: `reading` (the queries and small
helpers the others share), `listing`, `detail`, `editing`, `lifecycle`, `register` and `release`.
"""

from .detail import agreement_detail, document_download
from .editing import (
    agreement_create,
    agreement_edit,
    regulations_edit,
    signatory_add,
    signatory_remove,
)
from .lifecycle import document_upload, scan, send, sign, terminate, withdraw
from .listing import agreement_export, agreement_list
from .register import (
    grant_add,
    grant_remove,
    marking_add,
    marking_remove,
    registration_edit,
    registration_remove,
)
from .release import history, release_copy

__all__ = [
    "agreement_create",
    "agreement_detail",
    "agreement_edit",
    "agreement_export",
    "agreement_list",
    "document_download",
    "document_upload",
    "grant_add",
    "grant_remove",
    "history",
    "marking_add",
    "marking_remove",
    "registration_edit",
    "registration_remove",
    "regulations_edit",
    "release_copy",
    "scan",
    "send",
    "sign",
    "signatory_add",
    "signatory_remove",
    "terminate",
    "withdraw",
]
