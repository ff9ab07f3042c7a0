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
 *   vassal-exec --init [--] COMMAND [ARGS...]  an init for a container's PID 1 (the image's entrypoint): runs
 *                                              COMMAND (the emperor) as its child, forwards every signal it
 *                                              gets to it, reaps every process re-parented to it (libuv
 *                                              reaps only the emperor's own children), and exits with
 *                                              COMMAND's status (128 + the signal that killed it). Not PID 1,
 *                                              it makes itself a child subreaper, so the same holds below it.
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
#include <sys/wait.h>
#include <unistd.h>

/* the init mode: fork COMMAND, forward signals to it, reap every child, exit as COMMAND did */
static int run_init(char **command) {
	sigset_t all, previous;
	sigfillset(&all);
	/* faults stay with their default action: they are this process's own, never forwarded */
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	/* blocked signals are queued for sigwaitinfo below, even for a PID 1 the kernel spares unhandled signals */
	sigprocmask(SIG_BLOCK, &all, &previous);
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "vassal-exec: prctl(PR_SET_CHILD_SUBREAPER): %s\n", strerror(errno));
	}
	pid_t child = fork();
	if (child < 0) {
		fprintf(stderr, "vassal-exec: fork: %s\n", strerror(errno));
		return 127;
	}
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &previous, NULL);
		execvp(command[0], command);
		fprintf(stderr, "vassal-exec: cannot execute %s: %s\n", command[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		siginfo_t info;
		int signal = sigwaitinfo(&all, &info);
		if (signal < 0) continue;
		if (signal != SIGCHLD) {
			kill(child, signal);
			continue;
		}
		int status;
		pid_t reaped;
		int exit_code = -1;
		while ((reaped = waitpid(-1, &status, WNOHANG)) > 0) {
			if (reaped != child) continue;
			exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		/* as PID 1 its exit ends the namespace: the kernel kills whatever is left */
		if (exit_code >= 0) return exit_code;
	}
}

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
	if (argc >= 2 && strcmp(argv[1], "--init") == 0) {
		char **command = argv + 2;
		if (command[0] != NULL && strcmp(command[0], "--") == 0) command++;
		if (command[0] == NULL) {
			fprintf(stderr, "vassal-exec: usage: vassal-exec --init [--] COMMAND [ARGS...]\n");
			return 127;
		}
		return run_init(command);
	}
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
	/* fds 0-2 blocking, as libuv leaves a child's: a vassal writing to a full journal stream or pipe waits
	 * instead of losing the line (the emperor's spawn hands over the descriptors as they are) */
	for (int fd = 0; fd <= 2; fd++) {
		int flags = fcntl(fd, F_GETFL);
		if (flags != -1 && (flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
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
