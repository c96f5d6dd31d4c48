/*
 * Bootwarden e2e: marker boot sector for the guest's "local disk" (BIOS).
 * Loaded at 0x7c00 (by SeaBIOS, or by iPXE's `sanboot --drive 0x80`): writes the marker
 * line straight to COM1 (0x3f8), then ACPI power-off so QEMU ends by itself.
 * QEMU's i440fx/PIIX4 PM block sits at 0x600 (set up by SeaBIOS): PM1a_CNT = 0x604,
 * SLP_TYP 0 with SLP_EN (bit 13) is soft-off. If that ever fails the CPU halts and the
 * harness's time limit ends the guest (the marker is already on the serial log).
 * Build: as --32 -o m.o marker-mbr.S && ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o m.bin m.o
 */
	.code16
	.text
	.globl	_start
_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$0x7c00, %sp
	cld
	ljmp	$0, $normalised		/* some loaders enter at 07c0:0000 */
normalised:
	mov	$0x3f8, %dx
	mov	$message, %si
next:
	lodsb
	test	%al, %al
	jz	poweroff
	out	%al, %dx
	jmp	next
poweroff:
	mov	$0x604, %dx
	mov	$0x2000, %ax
	out	%ax, %dx
halt:
	cli
	hlt
	jmp	halt
message:
	.asciz	"\r\nBIOS-DISK-MARKER: local disk booted\r\n"
	.org	446			/* empty partition table, boot signature */
	.fill	64, 1, 0
	.word	0xaa55
