/*
 * src/mon_interrupt.c - Ctrl-C in the monitor (see mon_interrupt.h).
 *
 * A signal handler may do next to nothing: it notes the signal and, while
 * a guest runs, writes one byte into a pipe.  A small thread, started
 * once, waits on that pipe and calls vmm_stop_vm(), which any thread of
 * the process may call, for the context being run.  No byte is written
 * when no guest runs, so none is left over to stop the next run; a byte
 * that arrives after the run finds no context named and stops nothing.
 *
 * The handler asks for restarted calls (SA_RESTART): a Ctrl-C while the
 * monitor writes to a slow terminal must not turn into a write error.
 * At the prompt, readline's own signal handling ends its read, and the
 * plain line input lifts SA_RESTART around its read (lineedit.c).
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
static struct sigaction previous; /* outside a session, while catching */
static bool session;              /* caught for the whole session */
static bool catching;             /* caught by mon_interrupt_begin, until _end */

static void on_sigint(int sig)
{
    (void)sig;
    int saved = errno;
    interrupted = 1;
    if (atomic_load(&stop_mask) != 0) {
        char byte = 0;
        if (write(pipe_fds[1], &byte, 1) < 0) {
            /* a full pipe already holds a request */
        }
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

static bool catch_sigint(struct sigaction *old)
{
    struct sigaction sa = {.sa_handler = on_sigint, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGINT, &sa, old) == 0;
}

bool mon_interrupt_session(void)
{
    /* The pipe and thread first: a session must be able to stop a run. */
    session = ready() && catch_sigint(NULL);
    return session;
}

bool mon_interrupt_take(void)
{
    bool was = interrupted != 0;
    interrupted = 0;
    return was;
}

bool mon_interrupt_begin(uint32_t index)
{
    interrupted = 0;
    if (index > kVmmMaxContexts || (index > 0 && !ready()))
        return false;
    if (!session && !(catching = catch_sigint(&previous)))
        return false;
    if (index > 0)
        atomic_store(&stop_mask, 0x80000000u >> (index - 1));
    return true;
}

bool mon_interrupt_seen(void)
{
    return interrupted != 0;
}

bool mon_interrupt_end(void)
{
    atomic_store(&stop_mask, 0);
    if (catching)
        sigaction(SIGINT, &previous, NULL);
    catching = false;
    return mon_interrupt_take();
}
