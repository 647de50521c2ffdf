/*
 * vmachmon/timer.c - guest timers.
 *
 * Each context may have an absolute deadline in mach_absolute_time units.
 * Evaluating the timers of a task (at every kVmmSetTimer, and whenever a
 * deadline passes) does what the kernel's vmm_timer_pop did: a deadline of
 * 0 clears vmmTimerPop, a past one sets it (and forces a running guest
 * out with kVmmReturnNull), a future one clears it.  A popped context
 * refuses to launch until its timer is set to 0 or to a future time.
 *
 * A running guest is stopped by its own CPU: the launch hands the deadline
 * to the CPU, whose block hook reads the clock every 1024 blocks and stops
 * at a block boundary once it has passed (microseconds late, whatever the
 * load of the machine).  For contexts that are not running, one library
 * thread waits for the soonest deadline of all armed contexts (a condition
 * variable on CLOCK_MONOTONIC) and pops them, so that vmmStat shows the pop
 * as it did on Mac OS X, where an AST updated it.
 * Liveness: a context is torn down only after it has left the armed list,
 * and the thread touches contexts only while it holds the list's lock.
 */
#include "config.h"

#include "vmachmon/timer.h"

#include <errno.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <time.h>

#define MAX_ARMED 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static pthread_t thread;
static bool started, stopping;
static vmm_context_t *armed[MAX_ARMED];
static unsigned narmed;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sets vmmTimerPop in the flags and in the state page's vmmStat.  The page
 * word is updated atomically: the host may be reading it meanwhile. */
static void set_pop(vmm_context_t *c, bool pop)
{
    uint32_t bit = c->page_swap ? __builtin_bswap32(vmmTimerPop) : vmmTimerPop;
    uint32_t *stat = (uint32_t *)(void *)(c->page + SP_STAT);
    if (pop) {
        atomic_fetch_or(&c->flags, vmmTimerPop);
        __atomic_fetch_or(stat, bit, __ATOMIC_RELAXED);
    } else {
        atomic_fetch_and(&c->flags, ~vmmTimerPop);
        __atomic_fetch_and(stat, ~bit, __ATOMIC_RELAXED);
    }
}

/* Pops c if its deadline has passed; with the lock held. */
static void pop_if_due(vmm_context_t *c, uint64_t now)
{
    uint64_t deadline = atomic_load(&c->timer);
    if (deadline && deadline <= now && !(atomic_load(&c->flags) & vmmTimerPop)) {
        set_pop(c, true);
        ppc_cpu_preempt(c->cpu); /* forces it out if it is running */
    }
}

static void *timer_main(void *arg)
{
    (void)arg;
    /* Linux lets a timed wait of an ordinary thread end up to 50 us late
     * (timer slack) to batch wake-ups; a guest timer should pop on time. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    pthread_mutex_lock(&lock);
    while (!stopping) {
        uint64_t now = now_ns(), soonest = UINT64_MAX;
        for (unsigned i = narmed; i-- > 0;) {
            vmm_context_t *c = armed[i];
            uint64_t d = atomic_load(&c->timer);
            pop_if_due(c, now);
            if (d > now) {
                if (d < soonest)
                    soonest = d;
            } else {
                armed[i] = armed[--narmed]; /* popped or cleared */
            }
        }
        if (soonest == UINT64_MAX) {
            pthread_cond_wait(&wake, &lock);
        } else {
            struct timespec ts = {(time_t)(soonest / 1000000000u), (long)(soonest % 1000000000u)};
            pthread_cond_timedwait(&wake, &lock, &ts);
        }
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void stop_thread(void)
{
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
}

/* With the lock held. */
static void start_thread(void)
{
    pthread_condattr_t attr;
    if (started)
        return;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&thread, NULL, timer_main, NULL) == 0) {
        started = true;
        atexit(stop_thread);
    }
}

static void arm(vmm_context_t *c)
{
    for (unsigned i = 0; i < narmed; i++)
        if (armed[i] == c)
            return;
    if (narmed < MAX_ARMED)
        armed[narmed++] = c;
}

static void disarm(vmm_context_t *c)
{
    for (unsigned i = 0; i < narmed; i++)
        if (armed[i] == c) {
            armed[i] = armed[--narmed];
            return;
        }
}

void timer_set(vmm_task_t *t, vmm_context_t *c, uint64_t deadline)
{
    pthread_mutex_lock(&lock);
    atomic_store(&c->timer, deadline);
    uint64_t now = now_ns();
    for (unsigned n = 0; n < kVmmMaxContexts; n++) {
        vmm_context_t *o = &t->ctx[n];
        if (!(atomic_load(&o->flags) & vmmInUse))
            continue;
        uint64_t d = atomic_load(&o->timer);
        if (d == 0 || d > now)
            set_pop(o, false);
        else
            pop_if_due(o, now);
        if (d > now)
            arm(o);
        else
            disarm(o);
    }
    if (narmed) {
        start_thread();
        pthread_cond_signal(&wake);
    }
    pthread_mutex_unlock(&lock);
}

bool timer_poll(vmm_context_t *c)
{
    pthread_mutex_lock(&lock);
    pop_if_due(c, now_ns());
    bool popped = (atomic_load(&c->flags) & vmmTimerPop) != 0;
    pthread_mutex_unlock(&lock);
    return popped;
}

void timer_forget(vmm_context_t *c)
{
    pthread_mutex_lock(&lock);
    disarm(c);
    atomic_store(&c->timer, 0);
    pthread_mutex_unlock(&lock);
}
