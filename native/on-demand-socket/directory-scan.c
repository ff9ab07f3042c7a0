// the rescan safety net of a vassal directory in one call: readdir and a stat of each entry (fstatat), each reduced
// to a key that changes whenever what the emperor looks at does (mtime in ns, size, inode, owner, group, mode and
// type), compared in C with the key of the scan before. Only the names whose key moved, and those gone, reach
// JavaScript: a scan of a directory at rest allocates nothing there (docs/benchmarks.md, "Quiet at rest").
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "napi-errors.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SUFFIX 64
#define MAX_PATH_TEXT 4096

static uint64_t mix(uint64_t hash, uint64_t value) {
	for (int byte = 0; byte < 8; byte++) {
		hash ^= (value >> (byte * 8)) & 0xff;
		hash *= UINT64_C(1099511628211);
	}
	return hash;
}

// FNV-1a of the fields a fingerprint holds
static uint64_t key_of(int directory, const char *name, int flags) {
	struct stat stats;
	if (fstatat(directory, name, &stats, flags) != 0) return 0;
	uint64_t hash = UINT64_C(14695981039346656037);
	hash = mix(hash, (uint64_t) stats.st_mtim.tv_sec);
	hash = mix(hash, (uint64_t) stats.st_mtim.tv_nsec);
	hash = mix(hash, (uint64_t) stats.st_size);
	hash = mix(hash, (uint64_t) stats.st_ino);
	hash = mix(hash, (uint64_t) stats.st_uid);
	hash = mix(hash, (uint64_t) stats.st_gid);
	hash = mix(hash, (uint64_t) stats.st_mode);
	// 0 is the key of an entry that could not be stat'ed (gone meanwhile, or unreadable): it never compares equal
	return hash == 0 ? 1 : hash;
}

static int has_suffix(const char *name, const char *suffix, size_t suffix_length) {
	size_t length = strlen(name);
	return length > suffix_length && memcmp(name + length - suffix_length, suffix, suffix_length) == 0;
}


// what one entry was at the last scan
typedef struct {
	char *name;
	uint64_t hash;
	uint64_t key;
	// the scan that last saw it
	uint32_t seen;
} entry_t;

// the entries of the last scan: an open-addressing table (linear probing), updated in place by each scan and
// built anew only when entries are gone
typedef struct {
	entry_t *slots;
	size_t capacity;
	size_t count;
} table_t;

static uint64_t hash_name(const char *name) {
	uint64_t hash = UINT64_C(14695981039346656037);
	for (const unsigned char *byte = (const unsigned char *) name; *byte != 0; byte++) {
		hash ^= *byte;
		hash *= UINT64_C(1099511628211);
	}
	return hash;
}

static entry_t *find_slot(const table_t *table, const char *name, uint64_t hash) {
	if (table->capacity == 0) return NULL;
	for (size_t index = hash & (table->capacity - 1);; index = (index + 1) & (table->capacity - 1)) {
		entry_t *slot = &table->slots[index];
		if (slot->name == NULL || (slot->hash == hash && strcmp(slot->name, name) == 0)) return slot;
	}
}

static void free_table(table_t *table) {
	for (size_t index = 0; index < table->capacity; index++) free(table->slots[index].name);
	free(table->slots);
	table->slots = NULL;
	table->capacity = table->count = 0;
}

// adds name (copied) to a table with room for it, seen by scan; false when out of memory
static bool insert(table_t *table, const char *name, uint64_t hash, uint64_t key, uint32_t scan) {
	entry_t *slot = find_slot(table, name, hash);
	slot->name = strdup(name);
	if (slot->name == NULL) return false;
	slot->hash = hash;
	slot->key = key;
	slot->seen = scan;
	table->count++;
	return true;
}

// the table moved into capacity slots, keeping only the entries seen by scan (all of them for 0); the names move,
// they are not copied; false when out of memory (the table is then as it was)
static bool rehash(table_t *table, size_t capacity, uint32_t scan) {
	table_t moved = {.capacity = capacity};
	moved.slots = calloc(capacity, sizeof *moved.slots);
	if (moved.slots == NULL) return false;
	for (size_t index = 0; index < table->capacity; index++) {
		entry_t *old = &table->slots[index];
		if (old->name == NULL) continue;
		if (scan != 0 && old->seen != scan) {
			free(old->name);
			continue;
		}
		*find_slot(&moved, old->name, old->hash) = *old;
		moved.count++;
	}
	free(table->slots);
	*table = moved;
	return true;
}

// doubles the table when it is half full; false when out of memory
static bool make_room(table_t *table) {
	if (table->count * 2 < table->capacity) return true;
	return rehash(table, table->capacity == 0 ? 64 : table->capacity * 2, 0);
}

typedef struct {
	table_t last;
	// the number of the scan under way (0: none yet)
	uint32_t scan;
} scanner_t;

static void finalize_scanner(napi_env env, void *data, void *hint) {
	(void) env;
	(void) hint;
	scanner_t *scanner = data;
	free_table(&scanner->last);
	free(scanner);
}

// makeScanner() → a scanner: the keys of its directory's last scan, kept in C
static napi_value make_scanner(napi_env env, napi_callback_info info) {
	(void) info;
	scanner_t *scanner = calloc(1, sizeof *scanner);
	if (scanner == NULL) return throw_errno(env, "scandir", "(a scanner)", ENOMEM);
	napi_value external;
	napi_create_external(env, scanner, finalize_scanner, NULL, &external);
	return external;
}

static void push_name(napi_env env, napi_value list, uint32_t *length, const char *name) {
	napi_value text;
	napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &text);
	napi_set_element(env, list, (*length)++, text);
}

// scanChanges(scanner, path, suffix, nofollow) → [changed, gone]: the entries named *suffix (not hidden) that are
// new or whose key moved since the scanner's last scan (all of them at its first), and those no longer there.
// Throws an error with the errno's code (ENOENT for a vanished directory), leaving the last scan as it was
static napi_value scan_changes(napi_env env, napi_callback_info info) {
	size_t given = 4;
	napi_value args[4];
	char path[MAX_PATH_TEXT], suffix[MAX_SUFFIX];
	size_t path_length, suffix_length;
	bool nofollow;
	scanner_t *scanner;
	if (napi_get_cb_info(env, info, &given, args, NULL, NULL) != napi_ok || given < 4 ||
		napi_get_value_external(env, args[0], (void **) &scanner) != napi_ok ||
		napi_get_value_string_utf8(env, args[1], path, sizeof path, &path_length) != napi_ok || path_length >= sizeof path - 1 ||
		napi_get_value_string_utf8(env, args[2], suffix, sizeof suffix, &suffix_length) != napi_ok || suffix_length >= sizeof suffix - 1 ||
		napi_get_value_bool(env, args[3], &nofollow) != napi_ok) {
		return throw_usage(env, "scanChanges(scanner, path, suffix, nofollow)");
	}
	int directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (directory < 0) return throw_errno(env, "scandir", path, errno);
	DIR *listing = fdopendir(directory);
	if (listing == NULL) {
		int error = errno;
		close(directory);
		return throw_errno(env, "scandir", path, error);
	}
	napi_value changed, gone;
	napi_create_array(env, &changed);
	napi_create_array(env, &gone);
	uint32_t changed_length = 0, gone_length = 0;
	uint32_t scan = ++scanner->scan;
	table_t *table = &scanner->last;
	bool ok = true;
	int flags = nofollow ? AT_SYMLINK_NOFOLLOW : 0;
	struct dirent *entry;
	while (ok && (entry = readdir(listing)) != NULL) {
		if (entry->d_name[0] == '.' || !has_suffix(entry->d_name, suffix, suffix_length)) continue;
		uint64_t hash = hash_name(entry->d_name);
		uint64_t key = key_of(directory, entry->d_name, flags);
		entry_t *before = find_slot(table, entry->d_name, hash);
		if (before != NULL && before->name != NULL) {
			if (before->key != key || key == 0) push_name(env, changed, &changed_length, entry->d_name);
			before->key = key;
			before->seen = scan;
			continue;
		}
		push_name(env, changed, &changed_length, entry->d_name);
		ok = make_room(table) && insert(table, entry->d_name, hash, key, scan);
	}
	closedir(listing);
	size_t unseen = 0;
	for (size_t index = 0; ok && index < table->capacity; index++) {
		entry_t *slot = &table->slots[index];
		if (slot->name == NULL || slot->seen == scan) continue;
		push_name(env, gone, &gone_length, slot->name);
		unseen++;
	}
	if (ok && unseen > 0) ok = rehash(table, table->capacity, scan);
	if (!ok) {
		// what the table holds is no longer one scan's: the next one starts afresh
		free_table(table);
		scanner->scan = 0;
		return throw_errno(env, "scandir", path, ENOMEM);
	}
	napi_value result;
	napi_create_array_with_length(env, 2, &result);
	napi_set_element(env, result, 0, changed);
	napi_set_element(env, result, 1, gone);
	return result;
}

void define_directory_scan(napi_env env, napi_value exports);

// adds makeScanner and scanChanges to the addon's exports
void define_directory_scan(napi_env env, napi_value exports) {
	napi_property_descriptor properties[] = {
		{"makeScanner", NULL, make_scanner, NULL, NULL, NULL, napi_enumerable, NULL},
		{"scanChanges", NULL, scan_changes, NULL, NULL, NULL, napi_enumerable, NULL},
	};
	napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
}
