"""Pages of the risalah: the list, the overview, the title, the steps, the checker and submitting."""
