"""agencies 0001-0006 in one migration, which a new database runs instead: each table created once,
as it stands after 0006, then the data migrations in their order. A database that has applied
any of 0001-0006 goes on with those."""

import agencies.audit
import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import importlib
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The data migrations' functions stay in the replaced modules (databases midway through the old
# chain still run them there); here they run once every table exists, in the same order.
load_wilayah = importlib.import_module("agencies.migrations.0002_load_wilayah").load
adopt_plaintext_tokens = importlib.import_module("agencies.migrations.0005_adopt_plaintext_tokens").adopt_plaintext_tokens


class Migration(migrations.Migration):

    replaces = [('agencies', '0001_initial'), ('agencies', '0002_load_wilayah'), ('agencies', '0003_audit_ip_address'), ('agencies', '0004_api_tokens'), ('agencies', '0005_adopt_plaintext_tokens'), ('agencies', '0006_user_language')]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=2, unique=True, verbose_name='kode Kemendagri')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('timezone', models.CharField(choices=[('Asia/Jakarta', 'WIB (UTC+7)'), ('Asia/Makassar', 'WITA (UTC+8)'), ('Asia/Jayapura', 'WIT (UTC+9)')], default='Asia/Jakarta', max_length=20, verbose_name='zona waktu')),
                ('capital', models.CharField(blank=True, help_text='Tempat pada blok tanda tangan laporan.', max_length=100, verbose_name='ibu kota')),
            ],
            options={
                'verbose_name': 'provinsi',
                'verbose_name_plural': 'provinsi',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('full_name', models.CharField(blank=True, max_length=150, verbose_name='nama lengkap')),
                ('nip', models.CharField(blank=True, max_length=21, verbose_name='NIP')),
                ('position', models.CharField(blank=True, max_length=150, verbose_name='jabatan')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='telepon')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('language', models.CharField(blank=True, choices=[('id', 'Bahasa Indonesia'), ('en', 'English')], max_length=8, verbose_name='bahasa antarmuka')),
            ],
            options={
                'verbose_name': 'pengguna',
                'verbose_name_plural': 'pengguna',
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalUser',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(db_index=True, error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('full_name', models.CharField(blank=True, max_length=150, verbose_name='nama lengkap')),
                ('nip', models.CharField(blank=True, max_length=21, verbose_name='NIP')),
                ('position', models.CharField(blank=True, max_length=150, verbose_name='jabatan')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='telepon')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
                ('language', models.CharField(blank=True, choices=[('id', 'Bahasa Indonesia'), ('en', 'English')], max_length=8, verbose_name='bahasa antarmuka')),
            ],
            options={
                'verbose_name': 'historical pengguna',
                'verbose_name_plural': 'historical pengguna',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Regency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=5, unique=True, verbose_name='kode Kemendagri')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('kind', models.CharField(choices=[('kabupaten', 'Kabupaten'), ('kota', 'Kota')], max_length=10, verbose_name='jenis')),
                ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='regencies', to='agencies.province')),
            ],
            options={
                'verbose_name': 'kabupaten/kota',
                'verbose_name_plural': 'kabupaten/kota',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Pemda',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('province', 'Provinsi'), ('regency', 'Kabupaten/Kota')], max_length=10, verbose_name='tingkat')),
                ('name', models.CharField(max_length=150, verbose_name='nama')),
                ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pemdas', to='agencies.province')),
                ('regency', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pemda', to='agencies.regency')),
            ],
            options={
                'verbose_name': 'pemerintah daerah',
                'verbose_name_plural': 'pemerintah daerah',
                'ordering': ['province__code', 'regency__code'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('level', 'province')), fields=('province',), name='one_pemprov_per_province'), models.CheckConstraint(condition=models.Q(models.Q(('level', 'province'), ('regency__isnull', True)), models.Q(('level', 'regency'), ('regency__isnull', False)), _connector='OR'), name='pemda_level_matches_regency')],
            },
        ),
        migrations.CreateModel(
            name='Opd',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=30, verbose_name='kode')),
                ('name', models.CharField(max_length=200, verbose_name='nama')),
                ('short_name', models.CharField(blank=True, max_length=50, verbose_name='singkatan')),
                ('kind', models.CharField(choices=[('setda', 'Sekretariat Daerah'), ('biro_organisasi', 'Biro Organisasi'), ('bagian_organisasi', 'Bagian Organisasi'), ('setwan', 'Sekretariat DPRD'), ('inspektorat', 'Inspektorat'), ('dinas', 'Dinas'), ('badan', 'Badan'), ('satpol_pp', 'Satuan Polisi Pamong Praja'), ('rsud', 'Rumah Sakit Daerah'), ('kecamatan', 'Kecamatan'), ('lainnya', 'Lainnya')], max_length=20, verbose_name='jenis')),
                ('type', models.CharField(blank=True, choices=[('A', 'Tipe A'), ('B', 'Tipe B'), ('C', 'Tipe C')], max_length=1, verbose_name='tipe')),
                ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                ('replaced_on', models.DateField(blank=True, null=True, verbose_name='tanggal perubahan')),
                ('head_name', models.CharField(blank=True, max_length=150, verbose_name='nama kepala')),
                ('head_title', models.CharField(blank=True, help_text='Misalnya "Plt. Kepala Biro Organisasi".', max_length=150, verbose_name='jabatan kepala')),
                ('head_nip', models.CharField(blank=True, max_length=21, verbose_name='NIP kepala')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='surel')),
                ('address', models.CharField(blank=True, max_length=250, verbose_name='alamat')),
                ('replaced_by', models.ForeignKey(blank=True, help_text='Perangkat daerah hasil perubahan nama atau penggabungan.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='agencies.opd', verbose_name='digantikan oleh')),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='opds', to='agencies.pemda')),
            ],
            options={
                'verbose_name': 'perangkat daerah',
                'verbose_name_plural': 'perangkat daerah',
                'ordering': ['pemda__province__code', 'pemda__regency__code', 'code'],
                'indexes': [models.Index(fields=['pemda', 'is_active'], name='agencies_op_pemda_i_fd3efa_idx')],
                'constraints': [models.UniqueConstraint(fields=('pemda', 'code'), name='unique_opd_code_per_pemda')],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('biro', 'Staf Biro Organisasi'), ('bagian', 'Staf Bagian Organisasi'), ('opd_admin', 'Admin perangkat daerah'), ('inspector', 'Inspektur'), ('leader', 'Pimpinan'), ('observer', 'Pemantau nasional')], max_length=20, verbose_name='peran')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to=settings.AUTH_USER_MODEL)),
                ('opd', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='agencies.opd')),
                ('pemda', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='agencies.pemda')),
            ],
            options={
                'verbose_name': 'keanggotaan',
                'verbose_name_plural': 'keanggotaan',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('opd__isnull', False), ('pemda__isnull', True), ('role', 'opd_admin')), models.Q(('opd__isnull', True), ('pemda__isnull', True), ('role', 'observer')), models.Q(('opd__isnull', True), ('pemda__isnull', False), ('role__in', ['biro', 'bagian', 'inspector', 'leader'])), _connector='OR'), name='membership_place_matches_role')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalOpd',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(max_length=30, verbose_name='kode')),
                ('name', models.CharField(max_length=200, verbose_name='nama')),
                ('short_name', models.CharField(blank=True, max_length=50, verbose_name='singkatan')),
                ('kind', models.CharField(choices=[('setda', 'Sekretariat Daerah'), ('biro_organisasi', 'Biro Organisasi'), ('bagian_organisasi', 'Bagian Organisasi'), ('setwan', 'Sekretariat DPRD'), ('inspektorat', 'Inspektorat'), ('dinas', 'Dinas'), ('badan', 'Badan'), ('satpol_pp', 'Satuan Polisi Pamong Praja'), ('rsud', 'Rumah Sakit Daerah'), ('kecamatan', 'Kecamatan'), ('lainnya', 'Lainnya')], max_length=20, verbose_name='jenis')),
                ('type', models.CharField(blank=True, choices=[('A', 'Tipe A'), ('B', 'Tipe B'), ('C', 'Tipe C')], max_length=1, verbose_name='tipe')),
                ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                ('replaced_on', models.DateField(blank=True, null=True, verbose_name='tanggal perubahan')),
                ('head_name', models.CharField(blank=True, max_length=150, verbose_name='nama kepala')),
                ('head_title', models.CharField(blank=True, help_text='Misalnya "Plt. Kepala Biro Organisasi".', max_length=150, verbose_name='jabatan kepala')),
                ('head_nip', models.CharField(blank=True, max_length=21, verbose_name='NIP kepala')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='surel')),
                ('address', models.CharField(blank=True, max_length=250, verbose_name='alamat')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('replaced_by', models.ForeignKey(blank=True, db_constraint=False, help_text='Perangkat daerah hasil perubahan nama atau penggabungan.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.opd', verbose_name='digantikan oleh')),
                ('pemda', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.pemda')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
            ],
            options={
                'verbose_name': 'historical perangkat daerah',
                'verbose_name_plural': 'historical perangkat daerah',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalMembership',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('biro', 'Staf Biro Organisasi'), ('bagian', 'Staf Bagian Organisasi'), ('opd_admin', 'Admin perangkat daerah'), ('inspector', 'Inspektur'), ('leader', 'Pimpinan'), ('observer', 'Pemantau nasional')], max_length=20, verbose_name='peran')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('opd', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.opd')),
                ('pemda', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.pemda')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
            ],
            options={
                'verbose_name': 'historical keanggotaan',
                'verbose_name_plural': 'historical keanggotaan',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPemda',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
                ('level', models.CharField(choices=[('province', 'Provinsi'), ('regency', 'Kabupaten/Kota')], max_length=10, verbose_name='tingkat')),
                ('name', models.CharField(max_length=150, verbose_name='nama')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('province', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.province')),
                ('regency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.regency')),
            ],
            options={
                'verbose_name': 'historical pemerintah daerah',
                'verbose_name_plural': 'historical pemerintah daerah',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalProvince',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
                ('code', models.CharField(db_index=True, max_length=2, verbose_name='kode Kemendagri')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('timezone', models.CharField(choices=[('Asia/Jakarta', 'WIB (UTC+7)'), ('Asia/Makassar', 'WITA (UTC+8)'), ('Asia/Jayapura', 'WIT (UTC+9)')], default='Asia/Jakarta', max_length=20, verbose_name='zona waktu')),
                ('capital', models.CharField(blank=True, help_text='Tempat pada blok tanda tangan laporan.', max_length=100, verbose_name='ibu kota')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical provinsi',
                'verbose_name_plural': 'historical provinsi',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRegency',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
                ('code', models.CharField(db_index=True, max_length=5, verbose_name='kode Kemendagri')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('kind', models.CharField(choices=[('kabupaten', 'Kabupaten'), ('kota', 'Kota')], max_length=10, verbose_name='jenis')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('province', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.province')),
            ],
            options={
                'verbose_name': 'historical kabupaten/kota',
                'verbose_name_plural': 'historical kabupaten/kota',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('prefix', models.CharField(help_text='Awal token, untuk mengenalinya.', max_length=12, verbose_name='awalan')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('session_auth_hash', models.CharField(editable=False, max_length=128)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dibuat')),
                ('expires_at', models.DateTimeField(verbose_name='kedaluwarsa')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='terakhir dipakai')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='dicabut')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'token API',
                'verbose_name_plural': 'token API',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalApiToken',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ip_address', models.GenericIPAddressField(blank=True, default=agencies.audit.current_ip, null=True, verbose_name='alamat IP')),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('prefix', models.CharField(help_text='Awal token, untuk mengenalinya.', max_length=12, verbose_name='awalan')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='dibuat')),
                ('expires_at', models.DateTimeField(verbose_name='kedaluwarsa')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='dicabut')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical token API',
                'verbose_name_plural': 'historical token API',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(load_wilayah, migrations.RunPython.noop),
        migrations.RunPython(adopt_plaintext_tokens, migrations.RunPython.noop),
    ]
