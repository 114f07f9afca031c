// placeholder during bring-up; replaced before the first resolved issue
