/*
 * tests/test_stop_race.c - vmm_stop_vm racing launches, from other threads.
 *
 * The VMM thread launches two contexts, A and B, over and over; each guest
 * runs a loop of random length and leaves with sc.  Two stopper threads
 * stop A and B at random moments.  Every stop is one episode of a small
 * state machine per context: IDLE -> STOPPING (the stopper calls
 * vmm_stop_vm and raises `issued` when it returns) -> RESTARTING (the VMM
 * thread saw kVmmStopped and set vmmXStart) -> IDLE (a launch consumed
 * vmmXStart).  The stopper waits for IDLE before its next stop, because a
 * pending vmmXStart rightly overrides a stop issued before the launch.
 * The VMM thread checks, launch by launch:
 *
 *   never lost:   a launch that begins after vmm_stop_vm returned
 *                 (issued seen before the launch) must return kVmmStopped;
 *   never wrong:  kVmmStopped only while a stop of THAT context is under
 *                 way (state STOPPING).
 *
 * Stops land before launches (refused), during them (forced out at a block
 * boundary) and just after them (refused next time).  Iterations: the
 * STOP_RACE_ITERATIONS environment variable, default 200000.
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/guest.h"
#include "tests/harness.h"

enum { IDLE, STOPPING, RESTARTING };

typedef struct racer {
    guest_t g;
    atomic_int state;     /* IDLE, STOPPING or RESTARTING */
    atomic_int issued;    /* vmm_stop_vm has returned for this episode */
    atomic_int episodes;  /* completed episodes */
    atomic_int quit;
    unsigned seed;
    pthread_t thread;
} racer_t;

static racer_t ra, rb;
static long iterations = 200000;

static void *stopper(void *arg)
{
    racer_t *r = arg;
    while (!atomic_load(&r->quit)) {
        /* Wait a random short while, spinning: the launch loop is fast. */
        for (unsigned spin = rand_r(&r->seed) % 20000; spin; spin--)
            __asm__ volatile("" ::: "memory");
        atomic_store(&r->state, STOPPING);
        vmm_stop_vm(0x80000000u >> (r->g.index - 1));
        atomic_store(&r->issued, 1);
        /* Wait until the VMM thread has seen this stop and restarted; yield,
         * the machine may have fewer cores than threads here. */
        while (atomic_load(&r->state) != IDLE && !atomic_load(&r->quit))
            sched_yield();
    }
    return NULL;
}

static const uint32_t body[] = {
    PPC_MTCTR(3),      /* 0x1000 mtctr r3 */
    PPC_ADDI(4, 4, 1), /* 0x1004 addi r4,r4,1 */
    PPC_BDNZ(-4),      /* 0x1008 bdnz 0x1004 */
    PPC_SC,            /* 0x100c sc */
};

static int lost, wrong;

/* One launch of r; the other racer is o. */
static void launch_once(racer_t *r, racer_t *o, unsigned *seed)
{
    int issued_before = atomic_load(&r->issued);
    int state_before = atomic_load(&r->state);
    r->g.regs->ppcPC = GUEST_TEXT;
    r->g.regs->ppcGPRs[3] = 1 + rand_r(seed) % 512;
    uint32_t code = guest_run(&r->g);
    if (code == kVmmStopped) {
        if (atomic_load(&r->state) != STOPPING)
            wrong++; /* stopped with no stop of this context under way */
        /* The stopper may still be returning from vmm_stop_vm. */
        while (!atomic_load(&r->issued))
            ;
        r->g.state->vmmCntrl |= vmmXStart;
        atomic_store(&r->issued, 0);
        atomic_store(&r->state, RESTARTING);
        atomic_fetch_add(&r->episodes, 1);
    } else {
        if (issued_before && state_before == STOPPING)
            lost++; /* the stop had returned before this launch began */
        if (state_before == RESTARTING)
            atomic_store(&r->state, IDLE); /* vmmXStart consumed */
        CU_ASSERT_EQUAL(code, kVmmReturnSystemCall);
    }
    (void)o;
}

static void stops_are_never_lost_and_never_misdirected(void)
{
    unsigned seed = 12345;
    ra.seed = 1;
    rb.seed = 2;
    CU_ASSERT_EQUAL(pthread_create(&ra.thread, NULL, stopper, &ra), 0);
    CU_ASSERT_EQUAL(pthread_create(&rb.thread, NULL, stopper, &rb), 0);
    for (long i = 0; i < iterations; i++) {
        if (rand_r(&seed) & 1)
            launch_once(&ra, &rb, &seed);
        else
            launch_once(&rb, &ra, &seed);
    }
    atomic_store(&ra.quit, 1);
    atomic_store(&rb.quit, 1);
    pthread_join(ra.thread, NULL);
    pthread_join(rb.thread, NULL);
    printf("\n  %ld launches, %d + %d stop episodes, %d lost, %d misdirected\n", iterations,
           atomic_load(&ra.episodes), atomic_load(&rb.episodes), lost, wrong);
    CU_ASSERT_EQUAL(lost, 0);
    CU_ASSERT_EQUAL(wrong, 0);
    /* The race must actually have been exercised. */
    CU_ASSERT_TRUE(atomic_load(&ra.episodes) > 10);
    CU_ASSERT_TRUE(atomic_load(&rb.episodes) > 10);
}

static int setup(void)
{
    const char *n = getenv("STOP_RACE_ITERATIONS");
    if (n)
        iterations = atol(n);
    if (guest_init(&ra.g) || guest_init(&rb.g))
        return -1;
    guest_code(&ra.g, body, ARRAY_SIZE(body));
    guest_code(&rb.g, body, ARRAY_SIZE(body));
    return 0;
}

static int teardown(void)
{
    guest_fini(&ra.g);
    guest_fini(&rb.g);
    return 0;
}

static const test_case_t race_tests[] = {
    TEST(stops_are_never_lost_and_never_misdirected),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"stop race", setup, teardown, race_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_stop_race", suites); }
