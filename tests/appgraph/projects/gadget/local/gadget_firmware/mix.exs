defmodule GadgetFirmware.MixProject do
  use Mix.Project

  def project, do: [app: :gadget_firmware, version: "0.9.0", deps: []]

  def application, do: [extra_applications: [:logger]]
end
