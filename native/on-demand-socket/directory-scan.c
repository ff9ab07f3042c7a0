// the rescan safety net of a vassal directory in one call: readdir and a stat of each entry (fstatat), reduced to a
// number per entry that changes whenever what the emperor looks at does (mtime in ns, size, inode, owner, group,
// mode and type). The emperor then builds a full fingerprint only of an entry whose number moved, instead of a
// BigIntStats (14 BigInts) and a fingerprint per file per period (docs/benchmarks.md, "Quiet at rest").
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SUFFIX 64
#define MAX_PATH_TEXT 4096
// keys are exact integers in a double: 53 bits of the 64-bit hash
#define KEY_MASK ((UINT64_C(1) << 53) - 1)

static napi_value throw_scan_errno(napi_env env, const char *path, int error) {
	char message[MAX_PATH_TEXT + 64];
	snprintf(message, sizeof message, "scandir %s: %s", path, strerror(error));
	napi_value text, code, exception;
	napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
	napi_create_string_utf8(env, error == ENOENT ? "ENOENT" : error == ENOTDIR ? "ENOTDIR" : error == EACCES ? "EACCES" : "EIO", NAPI_AUTO_LENGTH, &code);
	napi_create_error(env, code, text, &exception);
	napi_set_named_property(env, exception, "code", code);
	napi_throw(env, exception);
	return NULL;
}

static uint64_t mix(uint64_t hash, uint64_t value) {
	for (int byte = 0; byte < 8; byte++) {
		hash ^= (value >> (byte * 8)) & 0xff;
		hash *= UINT64_C(1099511628211);
	}
	return hash;
}

// FNV-1a of the fields a fingerprint holds; -1 when the entry could not be stat'ed (gone meanwhile, or unreadable)
static double key_of(int directory, const char *name, int flags) {
	struct stat stats;
	if (fstatat(directory, name, &stats, flags) != 0) return -1;
	uint64_t hash = UINT64_C(14695981039346656037);
	hash = mix(hash, (uint64_t) stats.st_mtim.tv_sec);
	hash = mix(hash, (uint64_t) stats.st_mtim.tv_nsec);
	hash = mix(hash, (uint64_t) stats.st_size);
	hash = mix(hash, (uint64_t) stats.st_ino);
	hash = mix(hash, (uint64_t) stats.st_uid);
	hash = mix(hash, (uint64_t) stats.st_gid);
	hash = mix(hash, (uint64_t) stats.st_mode);
	return (double) (hash & KEY_MASK);
}

static int has_suffix(const char *name, const char *suffix, size_t suffix_length) {
	size_t length = strlen(name);
	return length > suffix_length && memcmp(name + length - suffix_length, suffix, suffix_length) == 0;
}

// scanDirectory(path, suffix, nofollow) → [names, keys: Float64Array]: the entries named *suffix (not hidden) and
// a key per entry; throws an error with the errno's code (ENOENT for a vanished directory)
static napi_value scan_directory(napi_env env, napi_callback_info info) {
	size_t given = 3;
	napi_value args[3];
	char path[MAX_PATH_TEXT], suffix[MAX_SUFFIX];
	size_t path_length, suffix_length;
	bool nofollow;
	if (napi_get_cb_info(env, info, &given, args, NULL, NULL) != napi_ok || given < 3 ||
		napi_get_value_string_utf8(env, args[0], path, sizeof path, &path_length) != napi_ok || path_length >= sizeof path - 1 ||
		napi_get_value_string_utf8(env, args[1], suffix, sizeof suffix, &suffix_length) != napi_ok || suffix_length >= sizeof suffix - 1 ||
		napi_get_value_bool(env, args[2], &nofollow) != napi_ok) {
		napi_throw_type_error(env, NULL, "scanDirectory(path, suffix, nofollow)");
		return NULL;
	}
	int directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (directory < 0) return throw_scan_errno(env, path, errno);
	DIR *listing = fdopendir(directory);
	if (listing == NULL) {
		int error = errno;
		close(directory);
		return throw_scan_errno(env, path, error);
	}
	size_t capacity = 64, count = 0;
	double *keys = malloc(capacity * sizeof *keys);
	napi_value names;
	napi_create_array(env, &names);
	int flags = nofollow ? AT_SYMLINK_NOFOLLOW : 0;
	struct dirent *entry;
	while (keys != NULL && (entry = readdir(listing)) != NULL) {
		if (entry->d_name[0] == '.' || !has_suffix(entry->d_name, suffix, suffix_length)) continue;
		if (count == capacity) {
			double *grown = realloc(keys, (capacity *= 2) * sizeof *keys);
			if (grown == NULL) {
				// a short list would read as files gone: no list at all
				free(keys);
				keys = NULL;
				break;
			}
			keys = grown;
		}
		keys[count] = key_of(directory, entry->d_name, flags);
		napi_value name;
		napi_create_string_utf8(env, entry->d_name, NAPI_AUTO_LENGTH, &name);
		napi_set_element(env, names, (uint32_t) count, name);
		count++;
	}
	closedir(listing);
	if (keys == NULL) return throw_scan_errno(env, path, ENOMEM);
	void *data;
	napi_value buffer, typed, result;
	napi_create_arraybuffer(env, count * sizeof *keys, &data, &buffer);
	if (count > 0) memcpy(data, keys, count * sizeof *keys);
	free(keys);
	napi_create_typedarray(env, napi_float64_array, count, buffer, 0, &typed);
	napi_create_array_with_length(env, 2, &result);
	napi_set_element(env, result, 0, names);
	napi_set_element(env, result, 1, typed);
	return result;
}

void define_directory_scan(napi_env env, napi_value exports);

// adds scanDirectory to the addon's exports
void define_directory_scan(napi_env env, napi_value exports) {
	napi_property_descriptor property = {"scanDirectory", NULL, scan_directory, NULL, NULL, NULL, napi_enumerable, NULL};
	napi_define_properties(env, exports, 1, &property);
}
