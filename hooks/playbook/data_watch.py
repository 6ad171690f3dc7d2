"""Under `mkdocs serve`, the playbook's data is watched through the system's own file
notifications (inotify, FSEvents, ReadDirectoryChangesW) rather than MkDocs' look at every
file each half second: an edit starts the rebuild at once, and a big playbook is not read
twice a second while it is being built. Only changes count: the build opens and reads
every file, and those reads must not start another build."""

from __future__ import annotations

import logging

from watchdog.events import (FileAttribEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent,
                                        FileMovedEvent, FileDeletedEvent]


class ChangesObserver(Observer):  # type: ignore[misc, valid-type]  # the platform's own observer class
    """The platform's observer, reporting only CHANGES to whoever schedules a watch on it."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False) -> ObservedWatch:
        return super().schedule(event_handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                event_filter=CHANGES if event_filter is None else event_filter)


def changes_observer(path: str) -> ChangesObserver | None:
    """A running observer that can watch `path`, or None where the system can't (no inotify
    instance or watch left, say): the caller then keeps MkDocs' polling."""
    observer = ChangesObserver()
    try:
        observer.start()
        observer.unschedule(observer.schedule(FileSystemEventHandler(), path, recursive=True))
    except OSError as error:
        observer.stop()
        logging.getLogger("mkdocs.hooks.playbook").info(
            f"The playbook's data is checked for changes twice a second: the system's file notifications failed ({error})")
        return None
    return observer
