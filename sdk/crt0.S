/*
 * sdk/crt0.S - where a guest program starts.
 *
 * The loader (xnu_run) leaves the stack as Mac OS X's kernel did: r1
 * points at argc, followed by the argv pointers, a NULL, the envp pointers
 * and a NULL.  _start makes the first stack frame (16-byte aligned, back
 * chain NULL) and calls __sdk_start(argc, argv, envp), which never returns.
 */
    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    lwz 3, 0(1)         /* argc */
    addi 4, 1, 4        /* argv */
    slwi 5, 3, 2
    add 5, 5, 4
    addi 5, 5, 4        /* envp = argv + argc + 1 */
    clrrwi 1, 1, 4      /* align the stack */
    li 0, 0
    stwu 0, -16(1)      /* first frame, back chain NULL */
    bl __sdk_start
    trap
    .size _start, .- _start

    .section .note.GNU-stack, "", @progbits
