/*
 * src/mon_interrupt.c - Ctrl-C during a run (see mon_interrupt.h).
 *
 * A signal handler may do next to nothing: it notes the signal and writes
 * one byte into a pipe.  A small thread, started with the first run,
 * waits on that pipe and calls vmm_stop_vm(), which any thread of the
 * process may call, for the context being run.  A byte that arrives after
 * the run finds no context named and stops nothing.
 */
#include "mon_interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include <vmachmon/vmachmon.h>

static int pipe_fds[2] = {-1, -1};
static atomic_uint stop_mask; /* the context being run, as vmm_stop_vm names it */
static volatile sig_atomic_t interrupted;
static struct sigaction previous;
static bool catching;

static void on_sigint(int sig)
{
    (void)sig;
    int saved = errno;
    char byte = 0;
    interrupted = 1;
    if (write(pipe_fds[1], &byte, 1) < 0) {
        /* a full pipe already holds a request */
    }
    errno = saved;
}

static void *stopper(void *arg)
{
    (void)arg;
    for (;;) {
        char byte;
        ssize_t n = read(pipe_fds[0], &byte, 1);
        if (n == 1) {
            uint32_t mask = atomic_load(&stop_mask);
            if (mask)
                vmm_stop_vm(mask);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return NULL;
        }
    }
}

/* The pipe and the thread, once; false if the system would not give them
 * (then Ctrl-C ends the monitor as it would anyway). */
static bool ready(void)
{
    static bool tried, ok;
    if (tried)
        return ok;
    tried = true;
    pthread_t thread;
    if (pipe(pipe_fds) != 0)
        return false;
    fcntl(pipe_fds[1], F_SETFL, O_NONBLOCK);
    fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* the thread takes no signals */
    ok = pthread_create(&thread, NULL, stopper, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (ok)
        pthread_detach(thread);
    return ok;
}

bool mon_interrupt_begin(uint32_t index)
{
    interrupted = 0;
    if (!ready() || index == 0 || index > kVmmMaxContexts)
        return false;
    atomic_store(&stop_mask, 0x80000000u >> (index - 1));
    struct sigaction sa = {.sa_handler = on_sigint};
    sigemptyset(&sa.sa_mask);
    catching = sigaction(SIGINT, &sa, &previous) == 0;
    return catching;
}

bool mon_interrupt_end(void)
{
    if (catching)
        sigaction(SIGINT, &previous, NULL);
    catching = false;
    atomic_store(&stop_mask, 0);
    return interrupted != 0;
}
