from .documents import WhitepaperDocument
from .pages import FieldNotePage, FieldNotePageAuthor, ResourcesPage
from .snippets import Author, NoteCategory, NoteSeries

__all__ = [
    "Author",
    "FieldNotePage",
    "FieldNotePageAuthor",
    "NoteCategory",
    "NoteSeries",
    "ResourcesPage",
    "WhitepaperDocument",
]
