/* head.S: entry point, Xen ELF notes and hypercall page of the e2e test
 * guest, a 64-bit PV kernel that runs at virtual address 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <xen/elfnote.h>

/* Each note: name "Xen", then the value Xen's ELF loader reads. */
        .pushsection .note.Xen, "a", @note
        .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_GUEST_OS
        .asciz "Xen"
1:      .asciz "xenon-guest"
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_XEN_VERSION
        .asciz "Xen"
1:      .asciz "xen-3.0"
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_LOADER
        .asciz "Xen"
1:      .asciz "generic"
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_VIRT_BASE
        .asciz "Xen"
1:      .quad 0
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_PADDR_OFFSET
        .asciz "Xen"
1:      .quad 0
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_ENTRY
        .asciz "Xen"
1:      .quad _start
2:      .p2align 2
        .long 4, 2f - 1f, XEN_ELFNOTE_HYPERCALL_PAGE
        .asciz "Xen"
1:      .quad hypercall_page
2:      .p2align 2
        .popsection

        .section .text.head, "ax"
        .globl _start
_start:
        /* Xen passes start_info in %rsi; use our own stack. */
        cld
        leaq    stack_top(%rip), %rsp
        movq    %rsi, %rdi
        call    guest_main
1:      hlt
        jmp     1b

        /*
         * The event callback (cont mode).  Xen's frame on the stack: rcx,
         * r11, then an iret frame (rip, cs, rflags, rsp, ss).  Saves what
         * on_event() may clobber, hands it the interrupted rip and the
         * saved registers (which it may change), and returns through
         * HYPERVISOR_iret, whose stub pushes rcx, r11 and rax above the
         * flags word.
         */
        .globl event_callback
event_callback:
        pushq   %rax
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %r8
        pushq   %r9
        pushq   %r10
        movq    9*8(%rsp), %rdi
        movq    %rsp, %rsi
        call    on_event
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rax
        popq    %rcx
        popq    %r11
        pushq   $0
        jmp     hypercall_page + 23 * 32

        /* Xen writes the call stubs here while it builds the domain. */
        .p2align 12
        .globl hypercall_page
hypercall_page:
        .fill   4096, 1, 0

        .bss
        .p2align 12
stack:
        .fill   16384, 1, 0
stack_top:

	/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
