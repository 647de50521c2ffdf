/*
 * bench/ppc/kernels.S - the benchmark kernels for qemu-ppc, assembled by the
 * PowerPC cross compiler.  The same code as bench/kernels.c, instruction for
 * instruction; vmmbench reads this program's symbols bench_k_<name> and
 * bench_k_<name>_end and compares the words between them with the arrays
 * there before it reports a qemu-ppc number.  Register interface: see
 * bench/kernels.h.
 */
	.text

	.globl bench_k_loop, bench_k_loop_end
	.type bench_k_loop, @function
	.p2align 5
bench_k_loop:
1:	addi	r3,r3,1
	cmpw	r3,r5
	bne	1b
	blr
bench_k_loop_end:

	.globl bench_k_fact, bench_k_fact_end
	.type bench_k_fact, @function
	.p2align 5
bench_k_fact:
	mflr	r8
	mtctr	r5
1:	mr	r3,r6
	bl	.Lfact
	bdnz	1b
	mtlr	r8
	blr
.Lfact:	cmpwi	r3,1
	ble	2f
	mflr	r0
	stwu	r1,-16(r1)
	stw	r0,20(r1)
	stw	r31,12(r1)
	mr	r31,r3
	addi	r3,r3,-1
	bl	.Lfact
	mullw	r3,r3,r31
	lwz	r31,12(r1)
	lwz	r0,20(r1)
	addi	r1,r1,16
	mtlr	r0
	blr
2:	li	r3,1
	blr
bench_k_fact_end:

	.globl bench_k_store, bench_k_store_end
	.type bench_k_store, @function
	.p2align 5
bench_k_store:
	mtctr	r5
1:	stw	r3,0(r4)
	stw	r3,2048(r4)
	stw	r3,4096(r4)
	stw	r3,6144(r4)
	stw	r3,8192(r4)
	stw	r3,10240(r4)
	stw	r3,12288(r4)
	stw	r3,14336(r4)
	bdnz	1b
	blr
bench_k_store_end:

	.globl bench_k_load, bench_k_load_end
	.type bench_k_load, @function
	.p2align 5
bench_k_load:
	mtctr	r5
1:	lwz	r9,0(r4)
	lwz	r9,2048(r4)
	lwz	r9,4096(r4)
	lwz	r9,6144(r4)
	lwz	r9,8192(r4)
	lwz	r9,10240(r4)
	lwz	r9,12288(r4)
	lwz	r9,14336(r4)
	bdnz	1b
	blr
bench_k_load_end:

	.globl bench_k_call, bench_k_call_end
	.type bench_k_call, @function
	.p2align 5
bench_k_call:
	mtctr	r5
1:	addi	r9,r9,1
	mr	r0,r7
	sc
	bdnz	1b
	blr
bench_k_call_end:

/*
 * void bench_call(void (*kernel)(void), long r3, long r4, long r5, long r6,
 *                 long r7): loads the kernel's input registers from the C
 * arguments and calls it.  Everything a kernel changes is volatile in the
 * SysV ABI but r1 and r31, which the factorial restores.
 */
	.globl bench_call
	.type bench_call, @function
	.p2align 5
bench_call:
	mflr	r0
	stw	r0,4(r1)
	stwu	r1,-16(r1)
	mtctr	r3
	mr	r3,r4
	mr	r4,r5
	mr	r5,r6
	mr	r6,r7
	mr	r7,r8
	bctrl
	addi	r1,r1,16
	lwz	r0,4(r1)
	mtlr	r0
	blr

/* The process entry: argc at 0(r1), argv from 4(r1). */
	.globl _start
	.type _start, @function
_start:
	mr	r3,r1
	clrrwi	r1,r1,4
	li	r0,0
	stwu	r0,-16(r1)
	stwu	r1,-16(r1)
	bl	bench_main
	b	.

	.section .note.GNU-stack,"",@progbits
