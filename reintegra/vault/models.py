"""The keystore: wrapped data keys, in a database of their own (see router.py).

A backup of the main database holds ciphertext only; this one holds keys that only the
master key (never stored in any database) can unwrap. Deleting a row here is the
erasure of everything its client's data key protected.
"""

import uuid

from django.db import models


class DataKey(models.Model):
    key_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wrapped = models.BinaryField()
    master_key_id = models.CharField(max_length=16, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "vault_datakey"

    def __str__(self) -> str:
        return f"DataKey {self.key_id}"
