"""The media storage: Django's file system storage that leaves no partial file behind.

Django's ``FileSystemStorage`` writes a file chunk by chunk and, when the disk
fills up half-way, raises with the first chunks still on disk: a truncated
upload that nothing refers to and that holds the last free space. This one
removes it before the error goes up (a full disk is then answered by
:class:`logis.middleware.DiskFullMiddleware`).
"""

import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name, content):
        # ``save`` has chosen a free name: a file found there after a failure is the partial one written here.
        path = self.path(name)
        was_there = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            if not was_there and os.path.isfile(path):
                os.remove(path)
            raise
