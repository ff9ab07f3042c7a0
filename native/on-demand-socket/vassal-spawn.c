// the emperor's vassal spawn: posix_spawn (glibc: clone(CLONE_VM|CLONE_VFORK) + exec, so the ~100 MB emperor is
// never forked and none of its page tables are copied), the child's descriptors set by file actions, and its exit
// seen through a pidfd that libuv polls, reaped with waitid(P_PIDFD). libuv waitpid()s only the pids of its own
// uv_process_t handles, so nothing else in Node reaps these children (docs/benchmarks.md, "CPU per spawn").
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>

#include "napi-errors.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

// a stdio entry as JS encodes it: a parent fd (>= 0), or one of these
#define STDIO_IGNORE -1
#define STDIO_PIPE -2
#define MAX_STDIO 16
#define MAX_ARGS 4096
#define MAX_PATH_TEXT 4096

// a NULL-terminated array of strings copied from a JS array of strings; NULL when it is not one
static char **copy_strings(napi_env env, napi_value array) {
	uint32_t length;
	if (napi_get_array_length(env, array, &length) != napi_ok || length > MAX_ARGS) return NULL;
	char **strings = calloc(length + 1, sizeof *strings);
	if (strings == NULL) return NULL;
	for (uint32_t index = 0; index < length; index++) {
		napi_value item;
		size_t size;
		if (napi_get_element(env, array, index, &item) != napi_ok || napi_get_value_string_utf8(env, item, NULL, 0, &size) != napi_ok) goto fail;
		strings[index] = malloc(size + 1);
		if (strings[index] == NULL) goto fail;
		napi_get_value_string_utf8(env, item, strings[index], size + 1, &size);
	}
	return strings;
fail:
	for (uint32_t index = 0; index < length; index++) free(strings[index]);
	free(strings);
	return NULL;
}

static void free_strings(char **strings) {
	if (strings == NULL) return;
	for (char **string = strings; *string != NULL; string++) free(*string);
	free(strings);
}

static void finalize_environment(napi_env env, void *data, void *hint) {
	free_strings(data);
}

// makeEnvironment(['K=V', …]): an envp made once and kept, for every spawn with the same environment
static napi_value make_environment(napi_env env, napi_callback_info info) {
	size_t given = 1;
	napi_value args[1], handle;
	bool is_array = false;
	if (napi_get_cb_info(env, info, &given, args, NULL, NULL) != napi_ok || given < 1 || napi_is_array(env, args[0], &is_array) != napi_ok || !is_array) {
		return throw_usage(env, "makeEnvironment(entries: string[])");
	}
	char **envp = copy_strings(env, args[0]);
	if (envp == NULL) return throw_usage(env, "makeEnvironment(entries: string[]): each entry a string");
	napi_create_external(env, envp, finalize_environment, NULL, &handle);
	return handle;
}

// one running child: its pidfd polled until it exits, then reaped and reported once
typedef struct {
	uv_poll_t poll;
	napi_env env;
	napi_ref callback;
	napi_async_context context;
	int pidfd;
} child_t;

static void on_child_closed(uv_handle_t *handle) {
	free(handle->data);
}

// the pidfd is readable: the child exited (or the poll woke for nothing); reaps it and calls back (code, signal)
static void on_child_readable(uv_poll_t *handle, int status, int events) {
	child_t *child = handle->data;
	siginfo_t info;
	memset(&info, 0, sizeof info);
	int reaped;
	do reaped = waitid((idtype_t) P_PIDFD, (id_t) child->pidfd, &info, WEXITED | WNOHANG);
	while (reaped != 0 && errno == EINTR);
	if (reaped == 0 && info.si_pid == 0) return;
	int code = -1, signal = 0;
	if (reaped == 0 && info.si_code == CLD_EXITED) code = info.si_status;
	else if (reaped == 0) signal = info.si_status;
	uv_poll_stop(&child->poll);
	close(child->pidfd);
	napi_env env = child->env;
	napi_handle_scope scope;
	napi_open_handle_scope(env, &scope);
	napi_value callback, receiver, result, argv[2];
	napi_get_reference_value(env, child->callback, &callback);
	napi_get_global(env, &receiver);
	napi_create_int32(env, code, &argv[0]);
	napi_create_int32(env, signal, &argv[1]);
	napi_status called = napi_make_callback(env, child->context, receiver, callback, 2, argv, &result);
	napi_delete_reference(env, child->callback);
	napi_async_destroy(env, child->context);
	uv_close((uv_handle_t *) &child->poll, on_child_closed);
	if (called == napi_pending_exception) {
		napi_value exception;
		napi_get_and_clear_last_exception(env, &exception);
		napi_fatal_exception(env, exception);
	}
	napi_close_handle_scope(env, scope);
}

// watches pid's exit through a pidfd; 0 or an errno (then the child was killed and reaped: it must not run unwatched)
static int watch_child(napi_env env, pid_t pid, napi_value callback) {
	uv_loop_t *loop;
	napi_get_uv_event_loop(env, &loop);
	int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
	int error = pidfd < 0 ? errno : 0;
	child_t *child = error == 0 ? calloc(1, sizeof *child) : NULL;
	if (error == 0 && child == NULL) error = ENOMEM;
	if (error == 0 && (error = -uv_poll_init(loop, &child->poll, pidfd)) != 0) {
		free(child);
	} else if (error == 0) {
		child->poll.data = child;
		error = -uv_poll_start(&child->poll, UV_READABLE, on_child_readable);
		if (error != 0) uv_close((uv_handle_t *) &child->poll, on_child_closed);
	}
	if (error != 0) {
		if (pidfd >= 0) close(pidfd);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
		return error;
	}
	child->env = env;
	child->pidfd = pidfd;
	napi_value name;
	napi_create_string_utf8(env, "emperor:vassal-spawn", NAPI_AUTO_LENGTH, &name);
	napi_create_reference(env, callback, 1, &child->callback);
	napi_async_init(env, NULL, name, &child->context);
	return 0;
}

// what the descriptors of a spawn are: the child's source fd per slot, the emperor's ends, what to close after
typedef struct {
	int count;
	int source[MAX_STDIO];
	int parent_end[MAX_STDIO];
	int temporary[2 * MAX_STDIO];
	int temporaries;
} stdio_plan_t;

static void close_temporaries(stdio_plan_t *plan) {
	for (int index = 0; index < plan->temporaries; index++) close(plan->temporary[index]);
	plan->temporaries = 0;
}

static void close_parent_ends(stdio_plan_t *plan) {
	for (int slot = 0; slot < plan->count; slot++) {
		if (plan->parent_end[slot] >= 0) close(plan->parent_end[slot]);
		plan->parent_end[slot] = -1;
	}
}

// makes the pipes (stdin/stdout/stderr: pipe2) and socketpairs (fd 3 and up) and moves every source fd out of
// the way of the slots (a source at fd 4 for slot 3 would be overwritten by slot 4's dup2); 0 or an errno
static int plan_stdio(stdio_plan_t *plan, const int32_t *entries) {
	for (int slot = 0; slot < plan->count; slot++) {
		plan->parent_end[slot] = -1;
		plan->source[slot] = entries[slot];
		if (entries[slot] != STDIO_PIPE) continue;
		int fds[2];
		int made = slot < 3 ? pipe2(fds, O_CLOEXEC) : socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
		if (made != 0) return errno;
		int child_end = slot == 0 ? fds[0] : fds[1];
		plan->parent_end[slot] = slot == 0 ? fds[1] : fds[0];
		plan->source[slot] = child_end;
		plan->temporary[plan->temporaries++] = child_end;
	}
	for (int slot = 0; slot < plan->count; slot++) {
		int source = plan->source[slot];
		if (source < 0 || source == slot || source >= plan->count) continue;
		int moved = fcntl(source, F_DUPFD_CLOEXEC, plan->count);
		if (moved < 0) return errno;
		plan->source[slot] = moved;
		plan->temporary[plan->temporaries++] = moved;
	}
	return 0;
}

// the file actions: each slot dup2'd from its source (the same fd: its close-on-exec cleared), /dev/null for an
// ignored 0–2 (read-only for stdin, as libuv opens it: a /dev/null closed to writes must not fail a spawn), then
// the working directory; 0 or an errno
static int add_file_actions(posix_spawn_file_actions_t *actions, const stdio_plan_t *plan, const char *cwd) {
	int error = 0;
	for (int slot = 0; slot < plan->count && error == 0; slot++) {
		if (plan->source[slot] >= 0) error = posix_spawn_file_actions_adddup2(actions, plan->source[slot], slot);
	}
	for (int slot = 0; slot < plan->count && slot < 3 && error == 0; slot++) {
		if (plan->source[slot] == STDIO_IGNORE) error = posix_spawn_file_actions_addopen(actions, slot, "/dev/null", slot == 0 ? O_RDONLY : O_RDWR, 0);
	}
	if (error == 0 && cwd[0] != 0) error = posix_spawn_file_actions_addchdir_np(actions, cwd);
	return error;
}

// the attributes: every signal at its default and none blocked (Node ignores SIGPIPE, which an exec keeps), and
// a session of its own when asked. The set of defaults has every bit on: sigfillset leaves out glibc's own two
// real-time signals, which its posix_spawn would then leave ignored in the vassal (a fork + exec does not)
static int set_attributes(posix_spawnattr_t *attributes, int new_session) {
	sigset_t all, none;
	memset(&all, 0xff, sizeof all);
	sigemptyset(&none);
	short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (new_session ? POSIX_SPAWN_SETSID : 0);
	int error = posix_spawnattr_setsigdefault(attributes, &all);
	if (error == 0) error = posix_spawnattr_setsigmask(attributes, &none);
	if (error == 0) error = posix_spawnattr_setflags(attributes, flags);
	return error;
}

static int run_spawn(pid_t *pid, const char *file, char **argv, char **envp, const char *cwd, stdio_plan_t *plan, int new_session, int search) {
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	int error = posix_spawn_file_actions_init(&actions);
	if (error != 0) return error;
	error = posix_spawnattr_init(&attributes);
	if (error == 0) {
		error = add_file_actions(&actions, plan, cwd);
		if (error == 0) error = set_attributes(&attributes, new_session);
		if (error == 0) error = (search ? posix_spawnp : posix_spawn)(pid, file, &actions, &attributes, argv, envp);
		posix_spawnattr_destroy(&attributes);
	}
	posix_spawn_file_actions_destroy(&actions);
	return error;
}

// spawnProcess(file, argv, environment, cwd, stdio, newSession, searchPath, onExit(code, signal)) → [pid, fd per slot]
// stdio: a parent fd to pass at that slot, -1 ignore (/dev/null for 0–2), -2 a pipe (a socketpair from fd 3 on);
// each slot's entry in the result is the emperor's end of its pipe, or -1. Throws an errno error when no process ran
static napi_value spawn_process(napi_env env, napi_callback_info info) {
	size_t given = 8;
	napi_value args[8];
	char file[MAX_PATH_TEXT], cwd[MAX_PATH_TEXT];
	size_t length;
	char **envp;
	bool new_session, search;
	uint32_t count;
	napi_valuetype type;
	if (napi_get_cb_info(env, info, &given, args, NULL, NULL) != napi_ok || given < 8 ||
		napi_get_value_string_utf8(env, args[0], file, sizeof file, &length) != napi_ok || length >= sizeof file - 1 ||
		napi_get_value_external(env, args[2], (void **) &envp) != napi_ok ||
		napi_get_value_string_utf8(env, args[3], cwd, sizeof cwd, &length) != napi_ok || length >= sizeof cwd - 1 ||
		napi_get_array_length(env, args[4], &count) != napi_ok || count > MAX_STDIO ||
		napi_get_value_bool(env, args[5], &new_session) != napi_ok || napi_get_value_bool(env, args[6], &search) != napi_ok ||
		napi_typeof(env, args[7], &type) != napi_ok || type != napi_function) {
		return throw_usage(env, "spawnProcess(file, argv: string[], environment, cwd, stdio: number[], newSession, searchPath, onExit)");
	}
	int32_t entries[MAX_STDIO];
	for (uint32_t slot = 0; slot < count; slot++) {
		napi_value item;
		if (napi_get_element(env, args[4], slot, &item) != napi_ok || napi_get_value_int32(env, item, &entries[slot]) != napi_ok) return throw_usage(env, "spawnProcess: stdio entries are numbers");
	}
	char **argv = copy_strings(env, args[1]);
	if (argv == NULL || argv[0] == NULL) {
		free_strings(argv);
		return throw_usage(env, "spawnProcess: argv is a non-empty string[]");
	}
	stdio_plan_t plan = {.count = (int) count};
	pid_t pid = 0;
	int error = plan_stdio(&plan, entries);
	if (error == 0) error = run_spawn(&pid, file, argv, envp, cwd, &plan, new_session, search);
	close_temporaries(&plan);
	free_strings(argv);
	if (error == 0) error = watch_child(env, pid, args[7]);
	if (error != 0) {
		close_parent_ends(&plan);
		return throw_errno(env, "spawn", file, error);
	}
	napi_value result, number;
	napi_create_array_with_length(env, count + 1, &result);
	napi_create_int32(env, pid, &number);
	napi_set_element(env, result, 0, number);
	for (uint32_t slot = 0; slot < count; slot++) {
		napi_create_int32(env, plan.parent_end[slot], &number);
		napi_set_element(env, result, slot + 1, number);
	}
	return result;
}

// makePipe() → [read end, write end], both close-on-exec: a vassal's output pipe, whose read end the vassal is
// given as well, so that its writes never fail with EPIPE once the emperor is gone (docs/orphans.md)
static napi_value make_pipe(napi_env env, napi_callback_info info) {
	(void) info;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0) return throw_errno(env, "pipe2", "for a vassal's output", errno);
	napi_value result, number;
	napi_create_array_with_length(env, 2, &result);
	for (uint32_t end = 0; end < 2; end++) {
		napi_create_int32(env, fds[end], &number);
		napi_set_element(env, result, end, number);
	}
	return result;
}

void define_vassal_spawn(napi_env env, napi_value exports);

// adds makeEnvironment, spawnProcess and makePipe to the addon's exports
void define_vassal_spawn(napi_env env, napi_value exports) {
	napi_property_descriptor properties[] = {
		{"makeEnvironment", NULL, make_environment, NULL, NULL, NULL, napi_enumerable, NULL},
		{"spawnProcess", NULL, spawn_process, NULL, NULL, NULL, napi_enumerable, NULL},
		{"makePipe", NULL, make_pipe, NULL, NULL, NULL, napi_enumerable, NULL},
	};
	napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
}
