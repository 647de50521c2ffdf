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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static pthread_t thread;
static bool started, stopping;
/* The armed contexts (a future deadline), of every task, guests' own
 * included: a list through the contexts themselves, so there is no limit. */
static vmm_context_t *armed;

/* Deadlines are mach_absolute_time() values: nanoseconds of CLOCK_MONOTONIC. */
static uint64_t now_ns(void) { return mach_absolute_time(); }

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

/* With the lock held: puts c on the armed list, or takes it off. */
static void arm(vmm_context_t *c)
{
    if (c->armed)
        return;
    c->armed = true;
    c->armed_prev = NULL;
    c->armed_next = armed;
    if (armed)
        armed->armed_prev = c;
    armed = c;
}

static void disarm(vmm_context_t *c)
{
    if (!c->armed)
        return;
    c->armed = false;
    if (c->armed_prev)
        c->armed_prev->armed_next = c->armed_next;
    else
        armed = c->armed_next;
    if (c->armed_next)
        c->armed_next->armed_prev = c->armed_prev;
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
        for (vmm_context_t *c = armed, *next; c; c = next) {
            next = c->armed_next;
            uint64_t d = atomic_load(&c->timer);
            pop_if_due(c, now);
            if (d > now) {
                if (d < soonest)
                    soonest = d;
            } else {
                disarm(c); /* popped or cleared */
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
    if (armed) {
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
