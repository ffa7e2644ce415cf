/*
 * test_faults.c - the store when SQLite runs out of memory or the disk
 * fails. For N = 1, 2, 3... the Nth allocation (or file write, sync,
 * truncation) of an operation fails once, until an operation runs with no
 * fault left to hit. After each try the operation happened whole or not
 * at all (a booking with its event and its mail; a door event with its
 * effect and its stored result), the store keeps working, and nothing
 * leaks (AddressSanitizer). After SQLite's own do_faultsim_test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fixture.h"

#define Y 2026
#define M 3
#define D 2
#define MAX_TRIES 20000

/* What fails, and when. Test-only global state: SQLite's hooks take no
 * argument to carry it. */
typedef enum fault_kind { FAULT_MEMORY, FAULT_IO } fault_kind;

static struct {
	fault_kind kind;
	long countdown; /* > 0: the countdown-th call fails; else none */
	bool fired;
	sqlite3_mem_methods real_mem;
	sqlite3_vfs *real_vfs;
} fault;

static bool fault_hit(fault_kind kind)
{
	if (fault.kind != kind || fault.countdown <= 0)
		return false;
	if (--fault.countdown > 0)
		return false;
	fault.fired = true;
	return true;
}

static void arm(fault_kind kind, long n)
{
	fault.kind = kind;
	fault.fired = false;
	fault.countdown = n;
}

/* Disarms; true when the fault fired. */
static bool disarm(void)
{
	fault.countdown = 0;
	return fault.fired;
}

/* ---- memory ---- */

static void *mem_malloc(int n)
{
	return fault_hit(FAULT_MEMORY) ? NULL : fault.real_mem.xMalloc(n);
}

static void mem_free(void *p)
{
	fault.real_mem.xFree(p);
}

static void *mem_realloc(void *p, int n)
{
	return fault_hit(FAULT_MEMORY) ? NULL : fault.real_mem.xRealloc(p, n);
}

static int mem_size(void *p)
{
	return fault.real_mem.xSize(p);
}

static int mem_roundup(int n)
{
	return fault.real_mem.xRoundup(n);
}

static int mem_init(void *app)
{
	return fault.real_mem.xInit(app);
}

static void mem_shutdown(void *app)
{
	fault.real_mem.xShutdown(app);
}

/* ---- files: a VFS over the default one ---- */

typedef struct fault_file {
	sqlite3_file base;
	sqlite3_file *real; /* right after this struct */
} fault_file;

#define REAL(f) (((fault_file *)(f))->real)

static int ff_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fault_hit(FAULT_IO))
		return SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_hit(FAULT_IO))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
	if (fault_hit(FAULT_IO))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int ff_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int ff_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int ff_check_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int ff_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int ff_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int ff_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int ff_shm_map(sqlite3_file *f, int page, int size, int extend,
                      void volatile **out)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int ff_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int ff_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, out);
}

static int ff_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods ff_methods = {
        3,
        ff_close,
        ff_read,
        ff_write,
        ff_truncate,
        ff_sync,
        ff_file_size,
        ff_lock,
        ff_unlock,
        ff_check_lock,
        ff_control,
        ff_sector,
        ff_device,
        ff_shm_map,
        ff_shm_lock,
        ff_shm_barrier,
        ff_shm_unmap,
        ff_fetch,
        ff_unfetch,
};

static int ff_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
                   int flags, int *out_flags)
{
	fault_file *ff = (fault_file *)file;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = fault.real_vfs->xOpen(fault.real_vfs, name, ff->real, flags,
	                           out_flags);
	ff->base.pMethods = ff->real->pMethods != NULL ? &ff_methods : NULL;
	return rc;
}

static sqlite3_vfs fault_vfs;

static void install_faults(void)
{
	static const sqlite3_mem_methods mem = {
	        mem_malloc,  mem_free, mem_realloc,  mem_size,
	        mem_roundup, mem_init, mem_shutdown, NULL,
	};

	/* Before SQLite starts: its allocator, then a default VFS. */
	assert_int_equal(
	        sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault.real_mem),
	        SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &mem), SQLITE_OK);
	fault.real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(fault.real_vfs);
	fault_vfs = *fault.real_vfs;
	fault_vfs.zName = "porte-faults";
	fault_vfs.szOsFile = (int)sizeof(fault_file) + fault.real_vfs->szOsFile;
	fault_vfs.xOpen = ff_open;
	fault_vfs.pNext = NULL;
	assert_int_equal(sqlite3_vfs_register(&fault_vfs, 1), SQLITE_OK);
}

/* ---- the operations ---- */

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	fx_open(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	fx_close(f);
	free(f);
	return 0;
}

/* The K-th free slot: half-hours from 08:00 to 19:30, Monday to Saturday
 * from Monday 2 March on. */
static porte_time slot(fixture *f, int k)
{
	cal_date first = {Y, M, D};
	int day = k / 24;
	cal_date d = cal_date_add_days(first, day + day / 6);

	return fx_local(f, d.year, d.month, d.day, 8 + (k % 24) / 2,
	                (k % 2) * 30);
}

/* A staff booking with an e-mail: booking, event, mail, counter. */
static store_status create_op(fixture *f, int k)
{
	store_booking_req req;
	store_booking_res res;

	memset(&req, 0, sizeof(req));
	req.room = "g1";
	req.start = slot(f, k);
	req.end = req.start + 1800;
	req.email = "patron@univ.fr";
	req.title = "Réunion";
	req.actor.kind = ACTOR_STAFF;
	req.actor.id = f->admin;
	req.override_quota = true;
	return store_booking_create(f->st, &req, req.start - 86400, &res);
}

static void create_check(fixture *f, int done)
{
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"), done);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"), done);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM mail_queue"),
	                 done);
	assert_int_equal(fx_sql_int(f, "SELECT change_counter FROM rooms"
	                               " WHERE slug = 'g1'"),
	                 1 + done);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM"
	                               " pragma_integrity_check"
	                               " WHERE integrity_check <> 'ok'"),
	                 0);
}

/* Booking K of g1 exists (made with no fault armed). */
static void outbox_prepare(fixture *f, int k)
{
	store_booking_res res;

	if (fx_sql_int(f, "SELECT count(*) FROM bookings") > k)
		return;
	if (fx_staff_book(f, "g1", slot(f, k), 30, slot(f, k) - 86400, &res) !=
	    STORE_OK)
		fail_msg("prepare: %s", store_errmsg(f->st));
}

/* The door checks booking K in, with key K. */
static store_status outbox_op(fixture *f, int k)
{
	store_event_in ev;
	char key[32], *result = NULL;
	store_status rc;

	snprintf(key, sizeof(key), "key-%d", k);
	memset(&ev, 0, sizeof(ev));
	ev.key = key;
	ev.type = STORE_EV_CHECKIN;
	ev.booking = k + 1;
	ev.at = slot(f, k) + 60;
	rc = store_outbox_apply(f->st, f->device, &ev, slot(f, k) + 90, &result,
	                        NULL);
	if (rc == STORE_OK &&
	    (result == NULL || strstr(result, "\"ok\":true") == NULL))
		fail_msg("outbox %d: %s", k, result != NULL ? result : "-");
	free(result);
	return rc;
}

static void outbox_check(fixture *f, int done)
{
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM outbox_keys"),
	                 done);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"
	                               " WHERE kind = 'checkin'"),
	                 done);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"
	                               " WHERE status = 'checked_in'"),
	                 done);
}

typedef store_status (*op_fn)(fixture *f, int k);
typedef void (*check_fn)(fixture *f, int done);
typedef void (*prepare_fn)(fixture *f, int k);

/* Runs OP with fault N = 1, 2... until it runs with none left to hit.
 * Returns how many tries that took. */
static long faultsim(fixture *f, fault_kind kind, prepare_fn prepare, op_fn op,
                     check_fn check)
{
	int done = 0;
	long n;

	for (n = 1; n < MAX_TRIES; n++) {
		store_status rc;
		bool fired;

		if (prepare != NULL)
			prepare(f, done);
		arm(kind, n);
		rc = op(f, done);
		fired = disarm();
		if (rc == STORE_OK)
			done++;
		else if (rc != STORE_ERROR)
			fail_msg("try %ld: %s: %s", n, store_status_name(rc),
			         store_errmsg(f->st));
		check(f, done);
		if (!fired) {
			assert_int_equal(rc, STORE_OK);
			break;
		}
	}
	assert_true(n < MAX_TRIES);
	print_message("%s: %ld tries, %d done\n",
	              kind == FAULT_MEMORY ? "memory" : "i/o", n, done);
	/* And the store still works, faults or not. */
	if (prepare != NULL)
		prepare(f, done);
	assert_int_equal(op(f, done), STORE_OK);
	check(f, done + 1);
	return n;
}

static void test_create_out_of_memory(void **state)
{
	long n = faultsim(*state, FAULT_MEMORY, NULL, create_op, create_check);

	assert_true(n > 5); /* the operation did allocate */
}

static void test_create_io_errors(void **state)
{
	long n = faultsim(*state, FAULT_IO, NULL, create_op, create_check);

	assert_true(n > 1); /* the commit did write */
}

static void test_outbox_out_of_memory(void **state)
{
	long n = faultsim(*state, FAULT_MEMORY, outbox_prepare, outbox_op,
	                  outbox_check);

	assert_true(n > 5);
}

static void test_outbox_io_errors(void **state)
{
	long n = faultsim(*state, FAULT_IO, outbox_prepare, outbox_op,
	                  outbox_check);

	assert_true(n > 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_create_out_of_memory,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_create_io_errors, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_outbox_out_of_memory,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_outbox_io_errors, setup,
	                                        teardown),
	};

	install_faults();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
