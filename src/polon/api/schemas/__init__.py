"""The API's typed inputs and outputs: ``common`` (the error answer and table, one page of a listing) and one
module per domain, named after its router."""
