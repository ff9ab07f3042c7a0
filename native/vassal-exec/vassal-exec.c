/*
 * vassal-exec: the emperor's exec shim for a vassal. Node's spawn runs no code between fork and exec, so the
 * emperor executes this first; it asks the kernel to SIGKILL it when the emperor's thread dies
 * (PR_SET_PDEATHSIG, which survives the exec that follows), makes sure the emperor did not die already, and
 * executes the vassal with the rest of its argv untouched: argv[0] and every argument as the emperor gave them,
 * the same environment and descriptors (fd 0 the on-demand socket or /dev/null, fd 3 the channel).
 *
 *   vassal-exec EMPEROR_PID FILE [ARGS...]     executes FILE with argv FILE ARGS... (a PATH search, as execvp)
 *   vassal-exec --cgroup PROCS EMPEROR_PID FILE [ARGS...]
 *                                              first writes its pid to PROCS (a cgroup's cgroup.procs), so the
 *                                              vassal and everything it starts live in that cgroup from its
 *                                              first instruction on; a failure is said on stderr, and the
 *                                              vassal runs on in the emperor's cgroup
 *
 * It runs after any uid/gid change (libuv's, or setpriv's before it), because a change of credentials clears
 * the death signal. Exit 127 with a line on stderr when FILE cannot be executed.
 *
 * With EMPEROR_SET_LISTEN_PID in the environment (a program vassal given a socket the systemd way), it sets
 * LISTEN_PID to its own pid, which the program keeps across the exec: sd_listen_fds, gunicorn and others ignore
 * LISTEN_FDS unless LISTEN_PID is theirs, and the emperor cannot know that pid before the fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* moves this process into the cgroup whose cgroup.procs is at path */
static void join_cgroup(const char *path) {
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vassal-exec: cannot open %s: %s\n", path, strerror(errno));
		return;
	}
	char pid[24];
	int length = snprintf(pid, sizeof pid, "%ld\n", (long) getpid());
	if (write(fd, pid, (size_t) length) != length) {
		fprintf(stderr, "vassal-exec: cannot join the cgroup of %s: %s\n", path, strerror(errno));
	}
	close(fd);
}

int main(int argc, char **argv) {
	const char *cgroup = NULL;
	if (argc >= 3 && strcmp(argv[1], "--cgroup") == 0) {
		cgroup = argv[2];
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fprintf(stderr, "vassal-exec: usage: vassal-exec [--cgroup PROCS] EMPEROR_PID FILE [ARGS...]\n");
		return 127;
	}
	char *end = NULL;
	long emperor = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end != '\0' || emperor <= 0) {
		fprintf(stderr, "vassal-exec: expected the emperor's pid, found '%s'\n", argv[1]);
		return 127;
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) {
		fprintf(stderr, "vassal-exec: prctl(PR_SET_PDEATHSIG): %s\n", strerror(errno));
	}
	/* the emperor died between fork and here: the death signal will never come */
	if (getppid() != (pid_t) emperor) {
		return 1;
	}
	if (cgroup != NULL) {
		join_cgroup(cgroup);
	}
	if (getenv("EMPEROR_SET_LISTEN_PID") != NULL) {
		char pid[24];
		snprintf(pid, sizeof pid, "%ld", (long) getpid());
		setenv("LISTEN_PID", pid, 1);
		unsetenv("EMPEROR_SET_LISTEN_PID");
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "vassal-exec: cannot execute %s: %s\n", argv[2], strerror(errno));
	return 127;
}
