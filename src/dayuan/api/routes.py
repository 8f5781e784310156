"""The one router of /api/v1/: a path's GET and POST must live in one router to share a URL."""

from ninja import Router

router = Router()
