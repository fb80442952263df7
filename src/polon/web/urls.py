"""The web pages' routes, one list a domain; polon.urls mounts each list under its namespace (web, exchanges,
consular, enquiries, exports), in which its URL names are reversed."""

from django.urls import path

from polon.web.views import (
    accounts,
    actors,
    audit,
    auth,
    consular,
    duties,
    enquiries,
    errors,
    exchanges,
    exports,
    jobs,
    person_list,
    persons,
    places,
    search,
    second_factor,
    sources,
    visits,
)

web_patterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("language/", auth.set_language, name="set-language"),
    path("login/second-factor/", second_factor.verify, name="second-factor-verify"),
    path("account/second-factor/setup/", second_factor.setup, name="second-factor-setup"),
    path("account/second-factor/", second_factor.overview, name="second-factor"),
    path("session/resume/", errors.resume, name="resume"),
    path("persons/", person_list.person_list, name="person-list"),
    path("persons/selected/", person_list.persons_selected, name="persons-selected"),
    path("persons/new/", persons.person_create, name="person-create"),
    path("persons/import/", persons.person_import, name="person-import"),
    path("persons/pick/", search.person_pick, name="person-pick"),
    path("persons/<int:person_id>/", persons.person_detail, name="person-detail"),
    path("persons/<int:person_id>/edit/", persons.person_edit, name="person-edit"),
    path("persons/<int:person_id>/events/new/", persons.event_add, name="event-add"),
    path("persons/<int:person_id>/names/new/", persons.name_add, name="name-add"),
    path("persons/<int:person_id>/citizenships/new/", persons.citizenship_add, name="citizenship-add"),
    path("persons/<int:person_id>/citizenships/<int:citizenship_id>/withdraw/", persons.citizenship_remove,
         name="citizenship-remove"),
    path("persons/<int:person_id>/documents/new/", persons.document_add, name="document-add"),
    path("persons/<int:person_id>/documents/<int:document_id>/", persons.document_file, name="document-file"),
    path("persons/<int:person_id>/documents/<int:document_id>/remove/", persons.document_remove,
         name="document-remove"),
    path("search/", search.search, name="search"),
    path("persons/<int:person_id>/judgements/", search.judge, name="judge"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/upload/", sources.source_upload, name="source-upload"),
    path("sources/<int:source_id>/", sources.source_review, name="source-review"),
    path("sources/<int:source_id>/decide/", sources.source_decide, name="source-decide"),
    path("sources/<int:source_id>/file/", sources.source_file, name="source-file"),
    path("sources/<int:source_id>/attachments/<int:attachment_id>/", sources.source_attachment,
         name="source-attachment"),
    path("actors/", actors.actor_list, name="actor-list"),
    path("actors/new/", actors.actor_create, name="actor-create"),
    path("actors/<int:actor_id>/", actors.actor_detail, name="actor-detail"),
    path("actors/<int:actor_id>/edit/", actors.actor_edit, name="actor-edit"),
    path("actors/<int:actor_id>/names/", actors.actor_name_add, name="actor-name-add"),
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:job_id>/rerun/", jobs.job_rerun, name="job-rerun"),
    path("jobs/<int:job_id>/file/", jobs.job_file, name="job-file"),
]

exchanges_patterns = [
    path("exchanges/", exchanges.round_list, name="round-list"),
    path("exchanges/new/", exchanges.round_create, name="round-create"),
    path("exchanges/<int:round_id>/", exchanges.round_detail, name="round-detail"),
    path("exchanges/<int:round_id>/update/", exchanges.round_update, name="round-update"),
    path("exchanges/<int:round_id>/entries/", exchanges.entry_add, name="entry-add"),
    path("exchanges/<int:round_id>/entries/new-person/", exchanges.entry_new_person, name="entry-new-person"),
    path("exchanges/<int:round_id>/entries/bulk/", exchanges.entry_bulk, name="entry-bulk"),
    path("exchanges/entries/", exchanges.entry_choose_round, name="entry-choose-round"),
    path("exchanges/<int:round_id>/lists.pdf", exchanges.round_pdf, name="round-pdf"),
    path("exchanges/entries/<int:entry_id>/", exchanges.entry_update, name="entry-update"),
    path("exchanges/<int:round_id>/execute/", exchanges.round_execute, name="round-execute"),
    path("exchanges/<int:round_id>/lists/", exchanges.list_import, name="list-import"),
    path("exchanges/<int:round_id>/lists/add-matched/", exchanges.add_matched, name="add-matched"),
    path("exchanges/rows/<int:row_id>/judge/", exchanges.row_judge, name="row-judge"),
    path("exchanges/rows/<int:row_id>/absent/", exchanges.row_absent, name="row-absent"),
    path("exchanges/rows/<int:row_id>/correct/", exchanges.row_correct, name="row-correct"),
    path("exchanges/rows/<int:row_id>/new-person/", exchanges.row_new_person, name="row-new-person"),
]

consular_patterns = [
    path("countries/", consular.country_index, name="countries"),
    path("countries/<str:country>/", consular.country_dossier, name="dossier"),
    path("consular/contacts/", consular.contact_list, name="contacts"),
    path("consular/contacts/new/", consular.contact_create, name="contact-create"),
    path("consular/contacts/<int:contact_id>/", consular.contact_detail, name="contact-detail"),
    path("consular/persons/<int:person_id>/", consular.person_consular, name="person"),
    path("consular/persons/<int:person_id>/transmissions/", consular.transmission_create,
         name="transmission-create"),
    path("consular/persons/<int:person_id>/objections/", consular.objection_create, name="objection-create"),
    path("consular/persons/<int:person_id>/objections/<int:objection_id>/withdraw/", consular.objection_withdraw,
         name="objection-withdraw"),
    path("consular/persons/<int:person_id>/after-return/", consular.after_return_create,
         name="after-return-create"),
    path("consular/persons/<int:person_id>/proceedings/", consular.proceeding_create, name="proceeding-create"),
]

enquiries_patterns = [
    path("enquiries/", enquiries.enquiry_list, name="list"),
    path("enquiries/new/", enquiries.enquiry_create, name="create"),
    path("enquiries/<int:enquiry_id>/", enquiries.enquiry_detail, name="detail"),
    path("enquiries/<int:enquiry_id>/reply/", enquiries.enquiry_reply, name="reply"),
    path("enquiries/<int:enquiry_id>/assign/", enquiries.enquiry_assign, name="assign"),
    path("enquiries/<int:enquiry_id>/close/", enquiries.enquiry_close, name="close"),
]

places_patterns = [
    path("places/", places.place_list, name="list"),
    path("places/new/", places.place_create, name="create"),
    path("places/document.pdf", places.places_document, name="document"),
    path("places/facilities/", places.facilities, name="facilities"),
    path("places/facilities/assign/", places.facility_assign, name="facility-assign"),
    path("places/<int:place_id>/", places.place_detail, name="detail"),
    path("places/<int:place_id>/edit/", places.place_edit, name="edit"),
]

visits_patterns = [
    path("visits/", visits.visit_list, name="list"),
    path("visits/new/", visits.visit_create, name="create"),
    path("visits/follow-ups/", visits.follow_up_list, name="follow-ups"),
    path("visits/follow-ups/<int:follow_up_id>/close/", visits.follow_up_close, name="follow-up-close"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="detail"),
    path("visits/<int:visit_id>/edit/", visits.visit_edit, name="edit"),
    path("visits/<int:visit_id>/list/", visits.visit_generate, name="generate"),
    path("visits/<int:visit_id>/persons/", visits.visit_person, name="person"),
    path("visits/<int:visit_id>/persons/<int:person_id>/", visits.visit_outcome, name="outcome"),
    path("visits/<int:visit_id>/follow-ups/", visits.follow_up_add, name="follow-up-add"),
]

exports_patterns = [
    path("exports/", exports.export, name="export"),
    path("exports/history/", exports.history, name="history"),
    path("dashboard/", exports.dashboard, name="dashboard"),
]

duties_patterns = [
    path("duties/", duties.duty_list, name="list"),
]

accounts_patterns = [
    path("users/", accounts.user_list, name="user-list"),
    path("users/new/", accounts.user_create, name="user-create"),
    path("users/<int:user_id>/", accounts.user_detail, name="user-detail"),
    path("users/<int:user_id>/role/", accounts.user_role, name="user-role"),
    path("users/<int:user_id>/password/", accounts.user_password, name="user-password"),
    path("users/<int:user_id>/deactivate/", accounts.user_deactivate, name="user-deactivate"),
    path("users/<int:user_id>/activate/", accounts.user_activate, name="user-activate"),
    path("users/<int:user_id>/second-factor/reset/", second_factor.user_reset, name="user-second-factor-reset"),
    path("users/<int:user_id>/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token-revoke"),
    path("account/password/", accounts.password_change, name="password-change"),
    path("account/tokens/<int:token_id>/revoke/", accounts.own_token_revoke, name="own-token-revoke"),
    path("account/tokens/new/", accounts.own_token_create, name="own-token-create"),
    path("users/<int:user_id>/tokens/new/", accounts.user_token_create, name="user-token-create"),
    path("users/<int:user_id>/unlock/", accounts.user_unlock, name="user-unlock"),
    path("login/new-password/", auth.password_expired, name="password-expired"),
]
