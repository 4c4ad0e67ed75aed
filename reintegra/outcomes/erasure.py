"""Erasure of a client's outcomes (registered with reintegra.privacy.erasure).

The sealed item answers are already cleared by the privacy app (AnswerSet is a
SealedModel with a direct FK to the client) and unreadable once the key is gone; the
scores are plain numbers tied to the client id, so they go with the case data: the
administrations (answers and links with them) are deleted."""

from .models import Administration, SelfCompletionLink


def erase_outcomes(client) -> None:
    SelfCompletionLink.objects.filter(client=client).delete()
    Administration.objects.filter(client=client).delete()
