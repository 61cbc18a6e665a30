"""DRF's plaintext tokens (rest_framework.authtoken) become hashed personal tokens.

Each old token keeps working, now stored only as its SHA-256, named "Token lama (dipindahkan)"
and expiring API_TOKEN_DAYS after this migration, so its owner sees it on the Token API page and
replaces it in time. Then the plaintext table is dropped.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.crypto import salted_hmac

OLD_TABLE = "authtoken_token"
# The key salt of AbstractBaseUser.get_session_auth_hash(): a token issued now must match it.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def adopt_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("agencies", "ApiToken")
    User = apps.get_model("agencies", "User")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    expires = timezone.now() + timedelta(days=getattr(settings, "API_TOKEN_DAYS", 30))
    passwords = dict(User.objects.filter(pk__in=[user_id for _, user_id in rows]).values_list("pk", "password"))
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="Token lama (dipindahkan)",
            prefix=key[:10],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            session_auth_hash=salted_hmac(SESSION_HASH_SALT, passwords[user_id], algorithm="sha256").hexdigest(),
            expires_at=expires,
        )
        for key, user_id in rows
    )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("agencies", "0004_api_tokens")]

    operations = [migrations.RunPython(adopt_plaintext_tokens, migrations.RunPython.noop)]
