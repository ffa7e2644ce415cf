/*
 * wake.c - an eventfd and evdev devices under poll().
 */
#include "wake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

int waker_open(kiosk_waker *w)
{
	memset(w, 0, sizeof(*w));
	w->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return w->efd < 0 ? -1 : 0;
}

int waker_watch_input(kiosk_waker *w)
{
	DIR *dir = opendir("/dev/input");
	struct dirent *e;

	if (dir == NULL)
		return 0;
	while (w->ninputs < WAKE_MAX_INPUTS) {
		char path[300];
		int fd;

		e = readdir(dir);
		if (e == NULL)
			break;
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "/dev/input/%s", e->d_name);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			w->inputs[w->ninputs++] = fd;
	}
	closedir(dir);
	return w->ninputs;
}

void waker_close(kiosk_waker *w)
{
	/* 0 is a zeroed waker, never an eventfd of ours. */
	if (w->efd > 0)
		close(w->efd);
	w->efd = -1;
	for (int i = 0; i < w->ninputs; i++)
		close(w->inputs[i]);
	w->ninputs = 0;
}

void waker_post(kiosk_waker *w)
{
	uint64_t one = 1;
	ssize_t n;

	if (w->efd < 0)
		return;
	n = write(w->efd, &one, sizeof(one));
	(void)n; /* a full counter already wakes the sleeper */
}

static void drain(int fd)
{
	char buf[512];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

int waker_wait(kiosk_waker *w, int timeout_ms)
{
	struct pollfd fds[WAKE_MAX_INPUTS + 1];
	int n = 0;
	int rc;

	fds[n++] = (struct pollfd){.fd = w->efd, .events = POLLIN};
	for (int i = 0; i < w->ninputs; i++)
		fds[n++] =
		        (struct pollfd){.fd = w->inputs[i], .events = POLLIN};
	rc = poll(fds, (nfds_t)n, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? 1 : -1;
	if (rc == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		if (fds[i].revents & POLLIN)
			drain(fds[i].fd);
	}
	/* A device that went away would wake us forever: forget it. */
	for (int i = w->ninputs - 1; i >= 0; i--) {
		if (fds[i + 1].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			close(w->inputs[i]);
			w->inputs[i] = w->inputs[--w->ninputs];
		}
	}
	return 1;
}
