# The devices of the emulated PC's QEMU (qemu-build.sh configures
# x86_64-softmmu --without-default-devices with this list): the two
# machines, the HD Audio controllers and codecs, the IOMMU variant's
# intel-iommu, isa-debug-exit and the serial ports.
CONFIG_I440FX=y
CONFIG_Q35=y
CONFIG_HDA=y
CONFIG_VTD=y
CONFIG_ISA_DEBUG=y
CONFIG_SERIAL_ISA=y
