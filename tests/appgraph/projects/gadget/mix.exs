# A single mix project shaped like a Nerves application: OTP applications pulled in through
# extra_applications (ssl brings crypto, public_key and asn1), an included application whose
# processes gadget's own supervisor starts, and a development-only dependency. Releases are built
# in both dev and prod, so _build/dev/rel/gadget and _build/prod/rel/gadget differ by gadget_dev.
defmodule Gadget.MixProject do
  use Mix.Project

  def project do
    [app: :gadget, version: "1.4.0", deps: deps(), releases: releases()]
  end

  def application do
    [
      mod: {Gadget, []},
      extra_applications: [:logger, :ssl, :inets],
      included_applications: [:gadget_firmware]
    ]
  end

  defp deps do
    [
      {:gadget_firmware, path: "local/gadget_firmware"},
      {:gadget_dev, path: "local/gadget_dev", only: :dev}
    ]
  end

  defp releases do
    [gadget: [applications: [runtime_tools: :permanent, os_mon: :load]]]
  end
end
